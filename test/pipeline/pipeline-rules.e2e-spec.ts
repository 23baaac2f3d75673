import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  customerInput,
  signedInUser,
  type TestUser,
} from '../support/users';
import { directWithToken } from '../support/postgrest';
import type { PipelineList, StageList } from '../support/api-types';

type Who = 'owner' | 'member' | 'viewer' | 'outsider';

/**
 * Who may do what on a pipeline, through the API and with the same token straight to
 * PostgREST: the database holds every rule, so both answer alike.
 */
describe('pipeline rules', () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;
  let pipelineId: string;
  let stages: { id: string; name: string }[];
  let base: string;
  const direct = (who: Who) => directWithToken(users[who].token);

  async function aDeal(): Promise<{ id: string; position: string }> {
    const res = await apiAs(app, users.owner).post(`${base}/deals`, {
      title: 'Rules',
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; position: string }>();
  }

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of ['owner', 'member', 'viewer', 'outsider'] as Who[])
      users[who] = await signedInUser();
    workspaceId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.member, 'member'],
      [users.viewer, 'viewer'],
    ]);
    base = `/api/v1/workspaces/${workspaceId}`;
    const pipelines = await apiAs(app, users.owner).get(`${base}/pipelines`);
    pipelineId = pipelines.json<PipelineList>().data[0].id;
    stages = (
      await apiAs(app, users.owner).get(
        `${base}/pipelines/${pipelineId}/stages`,
      )
    ).json<StageList>().data;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('through the API', () => {
    it.each<[Who, number]>([
      ['owner', 200],
      ['member', 200],
      ['viewer', 200],
      ['outsider', 404],
    ])('lets a %s read the board and the summary: %i', async (who, status) => {
      const api = apiAs(app, users[who]);
      for (const route of ['board', 'summary', 'stages'])
        expect([
          route,
          (await api.get(`${base}/pipelines/${pipelineId}/${route}`))
            .statusCode,
        ]).toEqual([route, status]);
      expect((await api.get(`${base}/deals`)).statusCode).toBe(status);
    });

    it.each<[Who, number]>([
      ['member', 201],
      ['viewer', 403],
      ['outsider', 404],
    ])(
      'lets a %s create a deal, a pipeline and a stage: %i',
      async (who, status) => {
        const api = apiAs(app, users[who]);
        const answers = [
          await api.post(`${base}/deals`, { title: 'By role' }),
          await api.post(`${base}/pipelines`, { name: 'By role' }),
          await api.post(`${base}/pipelines/${pipelineId}/stages`, {
            name: 'By role',
          }),
        ];
        expect(answers.map((a) => a.statusCode)).toEqual([
          status,
          status,
          status,
        ]);
        if (status === 201) {
          const stage = answers[2].json<{ id: string }>();
          const pipeline = answers[1].json<{ id: string }>();
          await api.delete(
            `${base}/pipelines/${pipelineId}/stages/${stage.id}`,
          );
          await api.delete(`${base}/pipelines/${pipeline.id}`);
        }
      },
    );

    it.each<[Who, number]>([
      ['member', 200],
      ['viewer', 403],
      ['outsider', 404],
    ])('lets a %s move, edit and delete a deal: %i', async (who, status) => {
      const deal = await aDeal();
      const api = apiAs(app, users[who]);
      const url = `${base}/deals/${deal.id}`;
      const moved = await api.post(`${url}/move`, { stage_id: stages[1].id });
      const edited = await api.patch(url, { amount: 5 });
      const deleted = await api.delete(url);
      expect([moved.statusCode, edited.statusCode, deleted.statusCode]).toEqual(
        [status, status, status === 200 ? 204 : status],
      );
      expect((await apiAs(app, users.owner).get(url)).statusCode).toBe(
        status === 200 ? 404 : 200,
      );
    });
  });

  describe('the same token straight to PostgREST', () => {
    it('cannot write a position or a stage, only move through move_deal', async () => {
      const deal = await aDeal();
      const db = direct('member');
      const position = await db
        .from('deals')
        .update({ position: '1' } as never)
        .eq('id', deal.id)
        .select();
      const stage = await db
        .from('deals')
        .update({ stage_id: stages[2].id } as never)
        .eq('id', deal.id)
        .select();
      expect([position.error?.code, stage.error?.code]).toEqual([
        '42501',
        '42501',
      ]);
      const inserted = await db.from('deals').insert({
        workspace_id: workspaceId,
        pipeline_id: pipelineId,
        stage_id: stages[0].id,
        title: 'Placed',
        position: '1',
      } as never);
      expect(inserted.error?.code).toBe('42501');
      const moved = await db.rpc('move_deal', {
        p_workspace_id: workspaceId,
        p_deal_id: deal.id,
        p_stage_id: stages[2].id,
      });
      expect(moved.error).toBeNull();
      const [row] = await sql<{ stage_id: string }>(
        'select stage_id from public.deals where id = $1',
        [deal.id],
      );
      expect(row.stage_id).toBe(stages[2].id);
    });

    it('gets its creator, version and place at the bottom of the column from the database on insert', async () => {
      const above = await aDeal();
      const db = direct('member');
      const { data, error } = await db
        .from('deals')
        .insert({
          workspace_id: workspaceId,
          pipeline_id: pipelineId,
          stage_id: stages[0].id,
          title: 'Direct',
          currency: 'EUR',
        } as never)
        .select('created_by, version, position, closed_at')
        .single();
      expect(error).toBeNull();
      expect(data).toMatchObject({
        created_by: users.member.id,
        version: 1,
        closed_at: null,
      });
      expect(data!.position > above.position).toBe(true);
    });

    it('cannot write the stage history, nor create or delete pipelines and stages but through the functions', async () => {
      const deal = await aDeal();
      const db = direct('owner');
      const history = await db.from('deal_stage_history').insert({
        workspace_id: workspaceId,
        deal_id: deal.id,
        to_stage_id: stages[0].id,
      } as never);
      const forged = await db
        .from('deal_stage_history')
        .update({ changed_at: '2000-01-01T00:00:00Z' } as never)
        .eq('deal_id', deal.id)
        .select();
      const pipeline = await db
        .from('pipelines')
        .insert({ workspace_id: workspaceId, name: 'Direct' } as never);
      const stage = await db.from('pipeline_stages').insert({
        workspace_id: workspaceId,
        pipeline_id: pipelineId,
        name: 'Direct',
        position: 'zz',
      } as never);
      const gone = await db
        .from('pipeline_stages')
        .delete()
        .eq('id', stages[0].id);
      expect(
        [history, forged, pipeline, stage, gone].map((r) => r.error?.code),
      ).toEqual(['42501', '42501', '42501', '42501', '42501']);
    });

    it("cannot point a deal at another workspace's customer, pipeline or stage, nor assign a non-member", async () => {
      const db = direct('member');
      const foreignCustomer = (
        await apiAs(app, users.outsider).post(
          users.outsider.customers,
          customerInput(),
        )
      ).json<{ id: string }>().id;
      const [foreignStage] = await sql<{ id: string; pipeline_id: string }>(
        'select id, pipeline_id from public.pipeline_stages where workspace_id = $1 limit 1',
        [users.outsider.workspaceId],
      );
      const deal = {
        workspace_id: workspaceId,
        pipeline_id: pipelineId,
        stage_id: stages[0].id,
        title: 'Crossing',
      };
      const attempts = [
        await db
          .from('deals')
          .insert({ ...deal, customer_id: foreignCustomer } as never),
        await db
          .from('deals')
          .insert({ ...deal, assignee_id: users.outsider.id } as never),
        await db.from('deals').insert({
          ...deal,
          pipeline_id: foreignStage.pipeline_id,
          stage_id: foreignStage.id,
        } as never),
        await db
          .from('deals')
          .insert({ ...deal, stage_id: foreignStage.id } as never),
      ];
      expect(attempts.map((a) => a.error?.code)).toEqual([
        'PT422',
        'PT422',
        '23503',
        '23503',
      ]);
      const existing = await aDeal();
      const moved = await db.rpc('move_deal', {
        p_workspace_id: workspaceId,
        p_deal_id: existing.id,
        p_stage_id: foreignStage.id,
      });
      expect(moved.error?.code).toBe('PT422');
      expect(
        await sql(
          'select count(*)::int as n from public.deals where title = $1 and workspace_id = $2',
          ['Crossing', workspaceId],
        ),
      ).toEqual([{ n: 0 }]);
    });

    it('lets a viewer read but not move, and hides everything from a non-member', async () => {
      const deal = await aDeal();
      const viewer = direct('viewer');
      const seen = await viewer.from('deals').select('id').eq('id', deal.id);
      expect(seen.data).toEqual([{ id: deal.id }]);
      const move = await viewer.rpc('move_deal', {
        p_workspace_id: workspaceId,
        p_deal_id: deal.id,
        p_stage_id: stages[3].id,
      });
      expect(move.error?.code).toBe('PT403');
      const edit = await viewer
        .from('deals')
        .update({ title: 'Viewer' })
        .eq('id', deal.id)
        .select();
      expect(edit.data).toEqual([]);

      const outsider = direct('outsider');
      const hidden = await Promise.all([
        outsider.from('deals').select('id').eq('workspace_id', workspaceId),
        outsider.from('pipelines').select('id').eq('workspace_id', workspaceId),
        outsider
          .from('pipeline_stages')
          .select('id')
          .eq('workspace_id', workspaceId),
        outsider
          .from('deal_stage_history')
          .select('id')
          .eq('workspace_id', workspaceId),
      ]);
      expect(hidden.map((h) => h.data)).toEqual([[], [], [], []]);
      const calls = await Promise.all([
        outsider.rpc('move_deal', {
          p_workspace_id: workspaceId,
          p_deal_id: deal.id,
          p_stage_id: stages[3].id,
        }),
        outsider.rpc('pipeline_board', {
          p_workspace_id: workspaceId,
          p_pipeline_id: pipelineId,
        }),
        outsider.rpc('stage_deals', {
          p_workspace_id: workspaceId,
          p_pipeline_id: pipelineId,
          p_stage_id: stages[0].id,
        }),
        outsider.rpc('pipeline_summary', {
          p_workspace_id: workspaceId,
          p_pipeline_id: pipelineId,
          p_from: '2000-01-01',
          p_to: '2100-01-01',
        }),
        outsider.rpc('list_deals', { p_workspace_id: workspaceId }),
        outsider.rpc('delete_stage', { p_stage_id: stages[0].id }),
        outsider.rpc('create_stage', {
          p_pipeline_id: pipelineId,
          p_name: 'x',
        }),
      ]);
      expect(calls.map((c) => c.error?.code)).toEqual(
        Array(calls.length).fill('PT404'),
      );
    });
  });
});
