import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Board, Deal } from '../support/api-types';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { bytewise, pipelineApi } from '../support/pipeline';
import { apiAs, signedInUser, type TestUser, ws } from '../support/users';

/** Moving deals between and within columns: positions, closing, conflicts, concurrent users. */
describe('sales pipeline', () => {
  let app: NestFastifyApplication;
  const { salesPipeline, newDeal, column, move } = pipelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
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
});
