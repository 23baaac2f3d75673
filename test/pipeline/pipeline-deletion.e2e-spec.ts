import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  detailOf,
  customerInput,
  signedInUser,
  type TestUser,
} from '../support/users';
import { directWithToken } from '../support/postgrest';
import type { Activity, Deal, Pipeline, StageList } from '../support/api-types';

type Who = 'owner' | 'admin' | 'member' | 'viewer' | 'stranger';
const EVERYONE: Who[] = ['owner', 'admin', 'member', 'viewer', 'stranger'];

/** Who is refused, and by which rule: the API's problem and the database's own error. */
const REFUSED: Record<
  Who,
  { status: number; detail: string; code: string; message: string }
> = {
  stranger: {
    status: 404,
    detail: 'No such pipeline in this workspace.',
    code: 'PT404',
    message: 'no such pipeline in this workspace',
  },
  viewer: {
    status: 403,
    detail: 'Your role in this workspace does not allow this.',
    code: 'PT403',
    message: 'your role in this workspace does not allow this',
  },
  ...Object.fromEntries(
    (['member', 'admin', 'owner'] as Who[]).map((who) => [
      who,
      {
        status: 409,
        detail:
          'The pipeline holds deleted deals, which stay restorable: say which stage of another pipeline they move to with move_to.',
        code: 'PT409',
        message:
          'the pipeline holds deleted deals, which stay restorable: say which stage of another pipeline they move to with move_to',
      },
    ]),
  ),
} as never;
const WRITERS = new Set<Who>(['member', 'admin', 'owner']);
const BAD_MOVE_TO =
  'move_to is not a stage of another pipeline of this workspace';

/**
 * Nothing a member can do removes a timeline entry or a restorable row: a pipeline holding
 * deleted deals is deleted only once they have somewhere to go.
 */
describe('deleting a pipeline', () => {
  let app: NestFastifyApplication;
  const users = {} as Record<Who, TestUser>;
  let workspaceId: string;
  let base: string;
  let salesStage: string;
  let foreignStage: string;
  const direct = (who: Who) => directWithToken(users[who].token);
  const api = (who: Who) => apiAs(app, users[who]);

  beforeAll(async () => {
    app = await createTestApp();
    for (const who of EVERYONE) users[who] = await signedInUser();
    workspaceId = await sharedWorkspace([
      [users.owner, 'owner'],
      [users.admin, 'admin'],
      [users.member, 'member'],
      [users.viewer, 'viewer'],
    ]);
    base = `/api/v1/workspaces/${workspaceId}`;
    const stageOf = async (workspace: string) =>
      (
        await sql<{ id: string }>(
          `select s.id from public.pipeline_stages s join public.pipelines p on p.id = s.pipeline_id
            where s.workspace_id = $1 order by p.position, s.position limit 1`,
          [workspace],
        )
      )[0].id;
    salesStage = await stageOf(workspaceId);
    foreignStage = await stageOf(users.stranger.workspaceId);
  });

  afterAll(async () => {
    await app.close();
  });

  /** A new pipeline with one deleted deal: moved once, with other people's entries about it. */
  async function pipelineWithADeletedDeal() {
    const pipeline = (
      await api('owner').post(`${base}/pipelines`, { name: 'Retired' })
    ).json<Pipeline>();
    const stages = (
      await api('owner').get(`${base}/pipelines/${pipeline.id}/stages`)
    ).json<StageList>().data;
    const customer = (
      await api('member').post(`${base}/customers`, customerInput())
    ).json<{ id: string }>();
    const deal = (
      await api('member').post(`${base}/deals`, {
        title: 'Lost for good?',
        pipeline_id: pipeline.id,
        customer_id: customer.id,
      })
    ).json<Deal>();
    const dealUrl = `${base}/deals/${deal.id}`;
    const writes = [
      await api('member').post(`${dealUrl}/move`, { stage_id: stages[1].id }),
      await api('admin').post(`${dealUrl}/activities`, {
        kind: 'call',
        body: 'Called: they will decide in March',
      }),
      await api('owner').post(`${dealUrl}/activities`, {
        kind: 'note',
        body: 'Worth keeping',
      }),
      await api('member').delete(dealUrl),
    ];
    expect(writes.map((w) => w.statusCode)).toEqual([200, 201, 201, 204]);
    return { pipeline, stages, deal, url: `${base}/pipelines/${pipeline.id}` };
  }

  /** What the database recorded about a deal, and whether its pipeline is still there. */
  const recordOf = async (dealId: string, pipelineId: string) =>
    (
      await sql<{
        entries: number;
        moves: number;
        deleted: boolean;
        pipeline: boolean;
      }>(
        `select (select count(*)::int from public.activities where deal_id = $1) as entries,
                (select count(*)::int from public.deal_stage_history where deal_id = $1) as moves,
                (select deleted_at is not null from public.deals where id = $1) as deleted,
                exists (select from public.pipelines where id = $2) as pipeline`,
        [dealId, pipelineId],
      )
    )[0];

  describe.each(EVERYONE)('as %s', (who) => {
    const refused = () => REFUSED[who];

    it('is refused while a deleted deal remains, through the API and PostgREST alike', async () => {
      const { pipeline, deal, url } = await pipelineWithADeletedDeal();
      const record = await recordOf(deal.id, pipeline.id);
      expect(record).toEqual({
        entries: 5,
        moves: 2,
        deleted: true,
        pipeline: true,
      });

      const answer = await api(who).delete(url);
      expect([answer.statusCode, detailOf(answer)]).toEqual([
        refused().status,
        refused().detail,
      ]);
      const rpc = await direct(who).rpc('delete_pipeline', {
        p_pipeline_id: pipeline.id,
      });
      expect([rpc.error?.code, rpc.error?.message]).toEqual([
        refused().code,
        refused().message,
      ]);

      expect(await recordOf(deal.id, pipeline.id)).toEqual(record);
      const restored = await api('owner').post(
        `${base}/deals/${deal.id}/restore`,
      );
      expect(restored.statusCode).toBe(200);
    });

    it('moves the deleted deals to move_to, a stage of another pipeline, where they stay restorable', async () => {
      const { pipeline, stages, deal, url } = await pipelineWithADeletedDeal();
      const record = await recordOf(deal.id, pipeline.id);

      for (const wrong of [stages[0].id, foreignStage]) {
        const answer = await api(who).delete(`${url}?move_to=${wrong}`);
        const rpc = await direct(who).rpc('delete_pipeline', {
          p_pipeline_id: pipeline.id,
          p_move_to: wrong,
        });
        if (WRITERS.has(who)) {
          expect([answer.statusCode, detailOf(answer)]).toEqual([
            422,
            `${BAD_MOVE_TO}.`,
          ]);
          expect([rpc.error?.code, rpc.error?.message]).toEqual([
            'PT422',
            BAD_MOVE_TO,
          ]);
        } else {
          expect(answer.statusCode).toBe(refused().status);
          expect(rpc.error?.code).toBe(refused().code);
        }
      }
      expect(await recordOf(deal.id, pipeline.id)).toEqual(record);

      // Through the API for some, straight through PostgREST for the others.
      const deleted =
        who === 'admin'
          ? ((
              await direct(who).rpc('delete_pipeline', {
                p_pipeline_id: pipeline.id,
                p_move_to: salesStage,
              })
            ).error?.code ?? 204)
          : (await api(who).delete(`${url}?move_to=${salesStage}`)).statusCode;
      if (!WRITERS.has(who)) {
        expect(deleted).toBe(refused().status);
        expect(await recordOf(deal.id, pipeline.id)).toEqual(record);
        return;
      }
      expect(deleted).toBe(204);
      // Every entry kept, and one more saying where the deal went.
      expect(await recordOf(deal.id, pipeline.id)).toEqual({
        entries: record.entries + 1,
        moves: record.moves + 1,
        deleted: true,
        pipeline: false,
      });
      const restored = await api('member').post(
        `${base}/deals/${deal.id}/restore`,
      );
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({ stage_id: salesStage });
      const timeline = await api('viewer').get(
        `${base}/deals/${deal.id}/activities`,
      );
      expect(
        timeline
          .json<{ data: Activity[] }>()
          .data.map((e) => e.body)
          .filter(Boolean),
      ).toEqual(['Worth keeping', 'Called: they will decide in March']);
    });
  });

  it('keeps answering 409 for live deals, which move_to does not take', async () => {
    const { pipeline, deal, url } = await pipelineWithADeletedDeal();
    await api('owner').post(`${base}/deals/${deal.id}/restore`);
    const answer = await api('member').delete(`${url}?move_to=${salesStage}`);
    expect([answer.statusCode, detailOf(answer)]).toEqual([
      409,
      'The pipeline holds deals: move or delete them first.',
    ]);
    expect(await recordOf(deal.id, pipeline.id)).toMatchObject({
      deleted: false,
      pipeline: true,
    });
  });

  it('lets nobody, not even the service, hard-delete a deal or a customer that has a timeline', async () => {
    const { deal } = await pipelineWithADeletedDeal();
    const [row] = await sql<{ customer_id: string }>(
      'select customer_id from public.deals where id = $1',
      [deal.id],
    );
    for (const [table, id] of [
      ['deals', deal.id],
      ['customers', row.customer_id],
    ]) {
      await expect(
        sql(`delete from public.${table} where id = $1`, [id]),
      ).rejects.toMatchObject({ code: '23503' });
    }
  });
});
