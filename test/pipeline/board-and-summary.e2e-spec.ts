import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import type { Board, Deal, StageDeals } from '../support/api-types';
import { createTestApp } from '../support/app';
import { pipelineApi } from '../support/pipeline';
import { apiAs, signedInUser, ws } from '../support/users';

/** The board (columns with counts, sums and first cards) and the won/lost summary of a period. */
describe('sales pipeline', () => {
  let app: NestFastifyApplication;
  const { salesPipeline, newDeal, move } = pipelineApi(() => app);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
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
  });
});
