import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import {
  apiAs,
  customerInput,
  customersOf,
  signedInUser,
  type TestUser,
} from '../support/users';
import type {
  Board,
  Deal,
  Pipeline,
  PipelineList,
  Stage,
  StageDeals,
  StageList,
} from '../support/api-types';

const ws = (workspaceId: string) => `/api/v1/workspaces/${workspaceId}`;
/** Bytewise, as the database orders positions (COLLATE "C"). */
const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('sales pipeline', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  /** A request with any headers (If-Match), as the user. */
  function send(
    user: TestUser,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return app.inject({
      method,
      url,
      headers: { ...user.headers, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }

  async function pipelinesOf(user: TestUser, workspaceId = user.workspaceId) {
    const res = await apiAs(app, user).get(`${ws(workspaceId)}/pipelines`);
    expect(res.statusCode).toBe(200);
    return res.json<PipelineList>().data;
  }

  async function stagesOf(
    user: TestUser,
    pipelineId: string,
    workspaceId = user.workspaceId,
  ) {
    const res = await apiAs(app, user).get(
      `${ws(workspaceId)}/pipelines/${pipelineId}/stages`,
    );
    expect(res.statusCode).toBe(200);
    return res.json<StageList>().data;
  }

  /** The user's default pipeline and its stages by name. */
  async function salesPipeline(user: TestUser, workspaceId = user.workspaceId) {
    const [pipeline] = await pipelinesOf(user, workspaceId);
    const stages = await stagesOf(user, pipeline.id, workspaceId);
    const byName = Object.fromEntries(stages.map((s) => [s.name, s]));
    return { pipeline, stages, byName };
  }

  async function newDeal(
    user: TestUser,
    body: Record<string, unknown>,
    workspaceId = user.workspaceId,
  ): Promise<Deal> {
    const res = await apiAs(app, user).post(`${ws(workspaceId)}/deals`, {
      title: `Deal ${Math.random().toString(36).slice(2, 8)}`,
      ...body,
    });
    expect([res.statusCode, res.body]).toEqual([201, expect.any(String)]);
    return res.json<Deal>();
  }

  async function column(
    user: TestUser,
    stage: Pick<Stage, 'id'>,
    pipelineId: string,
    workspaceId = user.workspaceId,
  ): Promise<Deal[]> {
    const res = await apiAs(app, user).get(
      `${ws(workspaceId)}/pipelines/${pipelineId}/stages/${stage.id}/deals?limit=200`,
    );
    expect(res.statusCode).toBe(200);
    return res.json<{ data: Deal[] }>().data;
  }

  function move(
    user: TestUser,
    deal: Pick<Deal, 'id'>,
    to: { stage_id: string; after_id?: string; before_id?: string },
    headers: Record<string, string> = {},
    workspaceId = user.workspaceId,
  ) {
    return send(
      user,
      'POST',
      `${ws(workspaceId)}/deals/${deal.id}/move`,
      to,
      headers,
    );
  }

  describe('pipelines and stages', () => {
    it('gives every workspace a Sales pipeline of six stages, won and lost last', async () => {
      const user = await signedInUser();
      const pipelines = await pipelinesOf(user);
      expect(pipelines).toEqual([expect.objectContaining({ name: 'Sales' })]);
      const stages = await stagesOf(user, pipelines[0].id);
      expect(
        stages.map(({ name, kind, probability }) => [name, kind, probability]),
      ).toEqual([
        ['Lead in', 'open', 10],
        ['Qualified', 'open', 25],
        ['Proposal', 'open', 50],
        ['Negotiation', 'open', 75],
        ['Won', 'won', 100],
        ['Lost', 'lost', 0],
      ]);
      const positions = stages.map((s) => s.position);
      expect([...positions].sort(bytewise)).toEqual(positions);
    });

    it('creates, renames and deletes a pipeline; one holding deals is kept (409), deleted ones move', async () => {
      const user = await signedInUser();
      const api = apiAs(app, user);
      const created = await api.post(`${ws(user.workspaceId)}/pipelines`, {
        name: ' Renewals ',
      });
      expect(created.statusCode).toBe(201);
      const pipeline = created.json<Pipeline>();
      expect(pipeline.name).toBe('Renewals');
      expect(await stagesOf(user, pipeline.id)).toHaveLength(6);
      const url = `${ws(user.workspaceId)}/pipelines/${pipeline.id}`;
      expect(
        (await api.patch(url, { name: 'Renewals 2027' })).json(),
      ).toMatchObject({ name: 'Renewals 2027' });

      const deal = await newDeal(user, { pipeline_id: pipeline.id });
      const refused = await api.delete(url);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        detail: 'The pipeline holds deals: move or delete them first.',
      });
      expect(
        (await api.delete(`${ws(user.workspaceId)}/deals/${deal.id}`))
          .statusCode,
      ).toBe(204);
      // The deleted deal stays restorable: it needs somewhere to go.
      const deletedDeals = await api.delete(url);
      expect(deletedDeals.statusCode).toBe(409);
      expect(deletedDeals.json()).toMatchObject({
        detail:
          'The pipeline holds deleted deals, which stay restorable: say which stage of another pipeline they move to with move_to.',
      });
      const { stages } = await salesPipeline(user);
      expect(
        (await api.delete(`${url}?move_to=${stages[0].id}`)).statusCode,
      ).toBe(204);
      expect((await api.get(url)).statusCode).toBe(404);
      expect((await pipelinesOf(user)).map((p) => p.name)).toEqual(['Sales']);
    });

    it('adds a stage after another and puts the stages in a new order; an order missing one is refused', async () => {
      const user = await signedInUser();
      const { pipeline, stages, byName } = await salesPipeline(user);
      const stagesUrl = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages`;
      const added = await apiAs(app, user).post(stagesUrl, {
        name: 'Demo',
        probability: 35,
        after_id: byName.Qualified.id,
      });
      expect(added.statusCode).toBe(201);
      const demo = added.json<Stage>();
      expect((await stagesOf(user, pipeline.id)).map((s) => s.name)).toEqual([
        'Lead in',
        'Qualified',
        'Demo',
        'Proposal',
        'Negotiation',
        'Won',
        'Lost',
      ]);

      const reversed = [...stages.map((s) => s.id), demo.id].reverse();
      const reordered = await send(user, 'PUT', `${stagesUrl}/order`, {
        stage_ids: reversed,
      });
      expect(reordered.statusCode).toBe(200);
      expect((await stagesOf(user, pipeline.id)).map((s) => s.id)).toEqual(
        reversed,
      );

      const missingOne = await send(user, 'PUT', `${stagesUrl}/order`, {
        stage_ids: reversed.slice(1),
      });
      expect(missingOne.statusCode).toBe(422);
      expect(missingOne.json()).toMatchObject({
        detail: 'stage_ids must list every stage of the pipeline once.',
      });
      expect((await stagesOf(user, pipeline.id)).map((s) => s.id)).toEqual(
        reversed,
      );
    });

    it('deletes a stage only saying where its deals go: after those already there, in their order', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const kept = await newDeal(user, { stage_id: byName.Proposal.id });
      const moving = [
        await newDeal(user, { stage_id: byName.Qualified.id }),
        await newDeal(user, { stage_id: byName.Qualified.id }),
      ];
      const stageUrl = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${byName.Qualified.id}`;
      const refused = await apiAs(app, user).delete(stageUrl);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        detail: 'The stage holds deals: say where they move with move_to.',
      });
      expect(
        (
          await apiAs(app, user).delete(
            `${stageUrl}?move_to=${byName.Qualified.id}`,
          )
        ).statusCode,
      ).toBe(422);
      expect(await column(user, byName.Qualified, pipeline.id)).toHaveLength(2);

      const deleted = await apiAs(app, user).delete(
        `${stageUrl}?move_to=${byName.Proposal.id}`,
      );
      expect(deleted.statusCode).toBe(204);
      expect(
        (await column(user, byName.Proposal, pipeline.id)).map((d) => d.id),
      ).toEqual([kept.id, ...moving.map((d) => d.id)]);
      expect(
        (await stagesOf(user, pipeline.id)).map((s) => s.name),
      ).not.toContain('Qualified');
    });

    it('keeps at least one stage in a pipeline', async () => {
      const user = await signedInUser();
      const { pipeline, stages } = await salesPipeline(user);
      const url = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages`;
      for (const stage of stages.slice(1))
        expect(
          (await apiAs(app, user).delete(`${url}/${stage.id}`)).statusCode,
        ).toBe(204);
      const last = await apiAs(app, user).delete(`${url}/${stages[0].id}`);
      expect(last.statusCode).toBe(409);
      expect(last.json()).toMatchObject({
        detail: 'A pipeline keeps at least one stage.',
      });
    });

    it('closes the deals of a stage that becomes won, and reopens them when it is open again', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const deal = await newDeal(user, { stage_id: byName.Negotiation.id });
      expect(deal.closed_at).toBeNull();
      const stageUrl = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${byName.Negotiation.id}`;
      const dealUrl = `${ws(user.workspaceId)}/deals/${deal.id}`;
      expect(
        (await apiAs(app, user).patch(stageUrl, { kind: 'won' })).statusCode,
      ).toBe(200);
      const closed = (await apiAs(app, user).get(dealUrl)).json<Deal>();
      expect(closed.closed_at).not.toBeNull();
      expect(closed.version).toBe(deal.version + 1);
      await apiAs(app, user).patch(stageUrl, { kind: 'open' });
      expect(
        (await apiAs(app, user).get(dealUrl)).json<Deal>().closed_at,
      ).toBeNull();
    });
  });

  describe('deals', () => {
    it('creates a deal at the bottom of the first stage of the first pipeline, in the workspace currency', async () => {
      const user = await signedInUser();
      const { byName } = await salesPipeline(user);
      const first = await newDeal(user, {
        title: '  Engines ',
        amount: 1200.5,
      });
      const second = await newDeal(user, {});
      expect(first).toMatchObject({
        title: 'Engines',
        stage_id: byName['Lead in'].id,
        amount: 1200.5,
        currency: 'USD',
        closed_at: null,
        version: 1,
        created_by: user.id,
      });
      expect(bytewise(first.position, second.position)).toBe(-1);
      const read = await apiAs(app, user).get(
        `${ws(user.workspaceId)}/deals/${first.id}`,
      );
      expect(read.headers.etag).toBe('"1"');
    });

    it('edits with If-Match: a stale version gets 412 and changes nothing', async () => {
      const user = await signedInUser();
      const deal = await newDeal(user, { amount: 10 });
      const url = `${ws(user.workspaceId)}/deals/${deal.id}`;
      const edited = await send(
        user,
        'PATCH',
        url,
        { amount: 20 },
        { 'if-match': '"1"' },
      );
      expect(edited.statusCode).toBe(200);
      expect(edited.headers.etag).toBe('"2"');
      expect(edited.json()).toMatchObject({ amount: 20, version: 2 });
      const stale = await send(
        user,
        'PATCH',
        url,
        { amount: 30 },
        { 'if-match': '"1"' },
      );
      expect(stale.statusCode).toBe(412);
      expect(stale.headers['content-type']).toContain(
        'application/problem+json',
      );
      expect((await apiAs(app, user).get(url)).json()).toMatchObject({
        amount: 20,
        version: 2,
      });
      const unparsable = await send(
        user,
        'PATCH',
        url,
        { amount: 30 },
        { 'if-match': 'soon' },
      );
      expect(unparsable.statusCode).toBe(400);
      const anyVersion = await send(
        user,
        'PATCH',
        url,
        { amount: 40 },
        { 'if-match': '*' },
      );
      expect(anyVersion.json()).toMatchObject({ amount: 40, version: 3 });
    });

    it("refuses another workspace's customer, stage or pipeline, and an assignee who is not a member (422)", async () => {
      const user = await signedInUser();
      const other = await signedInUser();
      const theirs = await apiAs(app, other).post(
        other.customers,
        customerInput(),
      );
      const { byName: theirStages, pipeline: theirPipeline } =
        await salesPipeline(other);
      const mine = await salesPipeline(user);
      const cases: [Record<string, unknown>, string][] = [
        [
          { customer_id: theirs.json<{ id: string }>().id },
          'The customer is not one of this workspace.',
        ],
        [
          { assignee_id: other.id },
          'The assignee is not a member of this workspace.',
        ],
        [
          { stage_id: theirStages.Won.id },
          'stage_id is not a stage of this workspace',
        ],
        [
          { pipeline_id: theirPipeline.id },
          'pipeline_id is not a pipeline of this workspace',
        ],
        [
          {
            pipeline_id: (
              await apiAs(app, user).post(`${ws(user.workspaceId)}/pipelines`, {
                name: 'Other',
              })
            ).json<Pipeline>().id,
            stage_id: mine.byName.Won.id,
          },
          'stage_id is not a stage of pipeline_id',
        ],
      ];
      for (const [body, detail] of cases) {
        const res = await apiAs(app, user).post(
          `${ws(user.workspaceId)}/deals`,
          {
            title: 'Crossing',
            ...body,
          },
        );
        expect([
          body,
          res.statusCode,
          res.json<{ detail: string }>().detail,
        ]).toEqual([body, 422, expect.stringContaining(detail)]);
      }
      const deal = await newDeal(user, {});
      const reassigned = await apiAs(app, user).patch(
        `${ws(user.workspaceId)}/deals/${deal.id}`,
        { assignee_id: other.id },
      );
      expect(reassigned.statusCode).toBe(422);
      expect(
        await sql(
          'select count(*)::int as n from public.deals where workspace_id = $1',
          [user.workspaceId],
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('deletes a deal softly and restores it to the bottom of its column', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const [a, b] = [await newDeal(user, {}), await newDeal(user, {})];
      const url = `${ws(user.workspaceId)}/deals/${a.id}`;
      expect((await apiAs(app, user).delete(url)).statusCode).toBe(204);
      expect((await apiAs(app, user).get(url)).statusCode).toBe(404);
      expect(
        (await column(user, byName['Lead in'], pipeline.id)).map((d) => d.id),
      ).toEqual([b.id]);
      const restored = await apiAs(app, user).post(`${url}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(
        (await column(user, byName['Lead in'], pipeline.id)).map((d) => d.id),
      ).toEqual([b.id, a.id]);
    });
  });

  describe('moves', () => {
    it('moves to the top, after, before and between, writing only the moved card', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const lead = byName['Lead in'];
      const [a, b, c, d] = [
        await newDeal(user, {}),
        await newDeal(user, {}),
        await newDeal(user, {}),
        await newDeal(user, {}),
      ];
      const order = async () =>
        (await column(user, lead, pipeline.id)).map((deal) =>
          [a, b, c, d].findIndex((x) => x.id === deal.id),
        );
      const versions = async () =>
        (
          await sql<{ id: string; version: number }>(
            'select id, version from public.deals where stage_id = $1',
            [lead.id],
          )
        ).reduce((sum, row) => sum + row.version, 0);

      const before = await versions();
      expect((await move(user, d, { stage_id: lead.id })).statusCode).toBe(200);
      expect(await order()).toEqual([3, 0, 1, 2]);
      expect(await versions()).toBe(before + 1);
      await move(user, a, { stage_id: lead.id, after_id: c.id });
      expect(await order()).toEqual([3, 1, 2, 0]);
      await move(user, d, { stage_id: lead.id, before_id: a.id });
      expect(await order()).toEqual([1, 2, 3, 0]);
      const between = await move(user, a, {
        stage_id: lead.id,
        after_id: b.id,
        before_id: c.id,
      });
      expect(between.statusCode).toBe(200);
      expect(between.headers.etag).toBe(`"${between.json<Deal>().version}"`);
      expect(await order()).toEqual([1, 0, 2, 3]);
      expect(await versions()).toBe(before + 4);
    });

    it('closes a deal moved into a won stage and reopens it moved out, with each change on record', async () => {
      const user = await signedInUser();
      const { byName } = await salesPipeline(user);
      const deal = await newDeal(user, {});
      const won = await move(user, deal, { stage_id: byName.Won.id });
      expect(won.json<Deal>().stage_id).toBe(byName.Won.id);
      expect(won.json<Deal>().closed_at).not.toBeNull();
      const reopened = await move(user, deal, { stage_id: byName.Proposal.id });
      expect(reopened.json<Deal>().closed_at).toBeNull();
      expect(
        await sql(
          `select f.name as from_stage, t.name as to_stage, h.changed_by
             from public.deal_stage_history h
             left join public.pipeline_stages f on f.id = h.from_stage_id
             join public.pipeline_stages t on t.id = h.to_stage_id
            where h.deal_id = $1 order by h.id`,
          [deal.id],
        ),
      ).toEqual([
        { from_stage: null, to_stage: 'Lead in', changed_by: user.id },
        { from_stage: 'Lead in', to_stage: 'Won', changed_by: user.id },
        { from_stage: 'Won', to_stage: 'Proposal', changed_by: user.id },
      ]);
    });

    it('answers 409 when the neighbours are no longer next to each other or the deal changed, and moves nothing', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const lead = byName['Lead in'];
      const [a, b, c] = [
        await newDeal(user, {}),
        await newDeal(user, {}),
        await newDeal(user, {}),
      ];
      const elsewhere = await newDeal(user, { stage_id: byName.Proposal.id });
      const mover = await newDeal(user, { stage_id: byName.Proposal.id });
      const attempts = [
        await move(user, mover, {
          stage_id: lead.id,
          after_id: a.id,
          before_id: c.id,
        }),
        await move(user, mover, { stage_id: lead.id, after_id: elsewhere.id }),
        await move(
          user,
          mover,
          { stage_id: lead.id, before_id: a.id },
          { 'if-match': '"7"' },
        ),
      ];
      expect(attempts.map((r) => r.statusCode)).toEqual([409, 409, 409]);
      expect(attempts[0].json()).toMatchObject({
        detail: 'The column changed since you read it: fetch it again.',
      });
      expect((await column(user, lead, pipeline.id)).map((d) => d.id)).toEqual([
        a.id,
        b.id,
        c.id,
      ]);
      const self = await move(user, mover, {
        stage_id: lead.id,
        after_id: mover.id,
      });
      expect(self.statusCode).toBe(422);
    });

    it('keeps keys short when cards keep landing in one gap: the column is spread again, versions untouched', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const lead = byName['Lead in'];
      const top = await newDeal(user, {});
      const bottom = await newDeal(user, {});
      // Each new card goes right below the top one: the gap halves every time.
      const expected = [top.id];
      for (let i = 0; i < 400; i++) {
        const deal = await newDeal(user, {});
        const res = await move(user, deal, {
          stage_id: lead.id,
          after_id: top.id,
        });
        expect([i, res.statusCode, res.body]).toEqual([
          i,
          200,
          expect.any(String),
        ]);
        expected.splice(1, 0, deal.id);
      }
      expected.push(bottom.id);
      const cards = await sql<{
        id: string;
        position: string;
        version: number;
      }>(
        `select id, position, version from public.deals
          where stage_id = $1 and deleted_at is null order by position`,
        [lead.id],
      );
      expect(cards.map((c) => c.id)).toEqual(expected);
      expect(
        Math.max(...cards.map((c) => c.position.length)),
      ).toBeLessThanOrEqual(51);
      expect(cards.find((c) => c.id === top.id)!.version).toBe(1);
      expect((await column(user, lead, pipeline.id)).map((d) => d.id)).toEqual(
        expected.slice(0, 200),
      );
    }, 120_000);

    it('keeps keys short when a column grows at the bottom, and when a stage of thousands is deleted into it', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const insert = (stage: Stage, prefix: string) =>
        sql(
          `insert into public.deals (workspace_id, pipeline_id, stage_id, title)
           select $1, $2, $3, $4 || lpad(i::text, 5, '0') from generate_series(1, 3000) i`,
          [user.workspaceId, pipeline.id, stage.id, prefix],
        );
      await insert(byName.Proposal, 'P ');
      await insert(byName.Qualified, 'Q ');
      const deleted = await apiAs(app, user).delete(
        `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${byName.Qualified.id}?move_to=${byName.Proposal.id}`,
      );
      expect(deleted.statusCode).toBe(204);
      // Proposal's cards in the order they came, then Qualified's in theirs.
      const [stats] = await sql<{
        n: number;
        longest: number;
        ordered: boolean;
      }>(
        `select count(*)::int as n, max(char_length(position)) as longest,
                array_agg(title order by position) = array_agg(title order by title) as ordered
           from public.deals where stage_id = $1 and deleted_at is null`,
        [byName.Proposal.id],
      );
      expect([stats.n, stats.ordered]).toEqual([6000, true]);
      expect(stats.longest).toBeLessThanOrEqual(51);
    }, 120_000);

    it('keeps every column a strict order with no card lost while two users make 200 moves at once', async () => {
      const owner = await signedInUser();
      const member = await signedInUser();
      const workspaceId = await sharedWorkspace([
        [owner, 'owner'],
        [member, 'member'],
      ]);
      const { pipeline, stages } = await salesPipeline(owner, workspaceId);
      const columns = stages.slice(0, 3);
      const deals: Deal[] = [];
      for (let i = 0; i < 24; i++)
        deals.push(
          await newDeal(owner, { stage_id: columns[i % 3].id }, workspaceId),
        );
      // A seeded generator: the same moves on every run.
      let seed = 42;
      const random = (n: number) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      const mover = async (user: TestUser, moves: number) => {
        for (let done = 0; done < moves;) {
          const deal = deals[random(deals.length)];
          const target = columns[random(columns.length)];
          const cards = (
            await column(user, target, pipeline.id, workspaceId)
          ).filter((d) => d.id !== deal.id);
          const at = random(cards.length + 1);
          const res = await move(
            user,
            deal,
            {
              stage_id: target.id,
              after_id: cards[at - 1]?.id,
              before_id: cards[at]?.id,
            },
            {},
            workspaceId,
          );
          // Someone else changed the column in between: read it again and retry.
          if (res.statusCode === 409) continue;
          expect([res.statusCode, res.body]).toEqual([200, expect.any(String)]);
          // Where it went; its neighbours may have moved on since (the other user).
          expect(res.json<Deal>().stage_id).toBe(target.id);
          done++;
        }
      };
      const [before] = await sql<{ n: number }>(
        'select count(*)::int as n from public.deal_stage_history where workspace_id = $1',
        [workspaceId],
      );
      await Promise.all([mover(owner, 100), mover(member, 100)]);

      const board = await apiAs(app, owner).get(
        `${ws(workspaceId)}/pipelines/${pipeline.id}/board?per_stage=200`,
      );
      const cards = board
        .json<Board>()
        .stages.flatMap((s) => s.deals.map((d) => ({ ...d, stage_id: s.id })));
      expect(cards.map((d) => d.id).sort()).toEqual(
        deals.map((d) => d.id).sort(),
      );
      for (const stage of board.json<Board>().stages) {
        const positions = stage.deals.map((d) => d.position);
        expect(new Set(positions).size).toBe(positions.length);
        expect([...positions].sort(bytewise)).toEqual(positions);
        expect(stage.count).toBe(stage.deals.length);
      }
      const rows = await sql<{
        id: string;
        stage_id: string;
        position: string;
      }>(
        'select id, stage_id, position from public.deals where workspace_id = $1',
        [workspaceId],
      );
      expect(
        rows.map((r) => `${r.id} ${r.stage_id} ${r.position}`).sort(),
      ).toEqual(cards.map((d) => `${d.id} ${d.stage_id} ${d.position}`).sort());
      // Every change of column, and only those, is on record.
      const crossings = (
        await sql<{ n: number }>(
          `select count(*)::int as n from public.deal_stage_history
            where workspace_id = $1 and from_stage_id is not null`,
          [workspaceId],
        )
      )[0].n;
      expect(before.n).toBe(deals.length);
      expect(crossings).toBeGreaterThan(50);
      expect(crossings).toBeLessThanOrEqual(200);
    }, 120_000);
  });

  describe('board and summary', () => {
    it('shows each column with its count, sums per currency, weighted sums and first cards; the rest by cursor', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const lead = byName['Lead in'];
      const made: Deal[] = [];
      for (let i = 0; i < 7; i++)
        made.push(
          await newDeal(user, {
            amount: 100 * (i + 1),
            currency: i % 2 ? 'EUR' : 'USD',
          }),
        );
      const board = await apiAs(app, user).get(
        `${ws(user.workspaceId)}/pipelines/${pipeline.id}/board?per_stage=3`,
      );
      expect(board.statusCode).toBe(200);
      const first = board.json<Board>().stages.find((s) => s.id === lead.id)!;
      expect(first).toMatchObject({
        count: 7,
        amount: { USD: 100 + 300 + 500 + 700, EUR: 200 + 400 + 600 },
        weighted: { USD: 160, EUR: 120 },
      });
      expect(first.deals.map((d) => d.id)).toEqual(
        made.slice(0, 3).map((d) => d.id),
      );

      const seen = [...first.deals];
      let cursor = first.next_cursor;
      while (cursor) {
        const page = await apiAs(app, user).get(
          `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${lead.id}/deals?limit=3&cursor=${encodeURIComponent(cursor)}`,
        );
        expect(page.statusCode).toBe(200);
        const body = page.json<StageDeals>();
        seen.push(...body.data);
        cursor = body.next_cursor;
      }
      expect(seen.map((d) => d.id)).toEqual(made.map((d) => d.id));

      const crossed = await apiAs(app, user).get(
        `${ws(user.workspaceId)}/pipelines/${pipeline.id}/stages/${byName.Won.id}/deals?cursor=${encodeURIComponent(first.next_cursor!)}`,
      );
      expect(crossed.statusCode).toBe(400);
    });

    it('sums what was won and lost in a period: win rate, days to close, days in each stage', async () => {
      const user = await signedInUser();
      const { pipeline, byName } = await salesPipeline(user);
      const won = [
        await newDeal(user, { amount: 1000 }),
        await newDeal(user, { amount: 3000 }),
        await newDeal(user, { amount: 500, currency: 'EUR' }),
      ];
      const lost = await newDeal(user, { amount: 700 });
      // Made ten days ago, in their first stage for five.
      const client = new Client({
        connectionString: process.env.DATABASE_ADMIN_URL,
      });
      await client.connect();
      try {
        await client.query("set session_replication_role = 'replica'");
        await client.query(
          "update public.deals set created_at = now() - interval '10 days' where workspace_id = $1",
          [user.workspaceId],
        );
        await client.query(
          "update public.deal_stage_history set changed_at = now() - interval '5 days' where workspace_id = $1",
          [user.workspaceId],
        );
      } finally {
        await client.end();
      }
      for (const deal of won)
        await move(user, deal, { stage_id: byName.Won.id });
      await move(user, lost, { stage_id: byName.Lost.id });

      const url = `${ws(user.workspaceId)}/pipelines/${pipeline.id}/summary`;
      const summary = await apiAs(app, user).get(url);
      expect(summary.statusCode).toBe(200);
      const body = summary.json<{
        won: unknown;
        lost: unknown;
        win_rate: number;
        average_days_to_close: number;
        stages: {
          name: string;
          count: number;
          average_days_in_stage: number | null;
        }[];
      }>();
      expect(body).toMatchObject({
        won: { count: 3, amount: { USD: 4000, EUR: 500 } },
        lost: { count: 1, amount: { USD: 700 } },
        win_rate: 0.75,
      });
      expect(body.average_days_to_close).toBeCloseTo(10, 1);
      const lead = body.stages.find((s) => s.name === 'Lead in')!;
      expect(lead.count).toBe(0);
      expect(lead.average_days_in_stage).toBeCloseTo(5, 1);
      expect(body.stages.find((s) => s.name === 'Won')).toMatchObject({
        count: 3,
      });

      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      const later = await apiAs(app, user).get(
        `${url}?from=${encodeURIComponent(tomorrow)}`,
      );
      expect(later.statusCode).toBe(400);
      const future = await apiAs(app, user).get(
        `${url}?from=${encodeURIComponent(tomorrow)}&to=${encodeURIComponent(tomorrow)}`,
      );
      expect(future.json()).toMatchObject({
        won: { count: 0 },
        win_rate: null,
      });
    });

    it('lists deals by status, amount, title and customer, in pages and by cursor', async () => {
      const user = await signedInUser();
      const { byName } = await salesPipeline(user);
      const customer = (
        await apiAs(app, user).post(user.customers, customerInput())
      ).json<{ id: string }>();
      const made: Deal[] = [];
      for (let i = 0; i < 6; i++)
        made.push(
          await newDeal(user, {
            title: i % 2 ? `Renewal ${i}` : `New 50%_off ${i}`,
            amount: i * 100,
            customer_id: i < 2 ? customer.id : undefined,
          }),
        );
      await move(user, made[5], { stage_id: byName.Won.id });
      const list = async (query: string) => {
        const res = await apiAs(app, user).get(
          `${ws(user.workspaceId)}/deals?${query}`,
        );
        expect([query, res.statusCode]).toEqual([query, 200]);
        return res.json<{
          data: Deal[];
          meta: { total?: number; next_cursor: string | null };
        }>();
      };
      const titles = (page: { data: Deal[] }) => page.data.map((d) => d.title);
      expect(titles(await list('status=won'))).toEqual(['Renewal 5']);
      expect(
        titles(await list('amount_min=200&amount_max=300&sort=amount')),
      ).toEqual(['New 50%_off 2', 'Renewal 3']);
      expect((await list('q=50%25_')).meta.total).toBe(3);
      expect((await list('q=0%25o')).meta.total).toBe(0);
      const ofCustomer = await apiAs(app, user).get(
        `${customersOf(user.workspaceId)}/${customer.id}/deals?sort=created_at`,
      );
      expect(ofCustomer.json<{ data: Deal[] }>().data.map((d) => d.id)).toEqual(
        [made[0].id, made[1].id],
      );
      const seen: string[] = [];
      let page = await list('limit=4&sort=-amount');
      seen.push(...page.data.map((d) => d.id));
      while (page.meta.next_cursor) {
        page = await list(
          `limit=4&sort=-amount&cursor=${encodeURIComponent(page.meta.next_cursor)}`,
        );
        seen.push(...page.data.map((d) => d.id));
      }
      expect(seen).toEqual([...made].reverse().map((d) => d.id));
    });
  });
});
