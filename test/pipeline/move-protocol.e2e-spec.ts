import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { apiAs, detailOf, signedInUser, type TestUser } from '../support/users';

const COLUMN_CHANGED = 'The column changed since you read it: fetch it again.';

interface Card {
  id: string;
  position: string;
  version: number;
  stage_id: string;
}

/**
 * The move protocol: a move locks the target column, reads its neighbours again under the lock,
 * and writes one row. A second move into the same gap waits for the first, then answers 409
 * "the column changed" without writing.
 */
describe('moving a deal into a column another move is writing', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  let viewer: TestUser;
  let workspaceId: string;
  let stages: { id: string; name: string }[];
  const base = () => `/api/v1/workspaces/${workspaceId}`;

  beforeAll(async () => {
    // The moves wait on the held column: the data API's bound must not end them first (the
    // database's own, 8 s for authenticated, stays above how long the column is held).
    app = await createTestApp({ env: { DB_REQUEST_TIMEOUT_MS: '20000' } });
    [user, viewer] = [await signedInUser(), await signedInUser()];
    workspaceId = await sharedWorkspace([
      [user, 'owner'],
      [viewer, 'viewer'],
    ]);
    stages = await sql<{ id: string; name: string }>(
      `select s.id, s.name from public.pipeline_stages s
         join public.pipelines p on p.id = s.pipeline_id
        where p.workspace_id = $1 order by s.position`,
      [workspaceId],
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const newDeal = async (stageId: string): Promise<Card> => {
    const res = await apiAs(app, user).post(`${base()}/deals`, {
      title: `Deal ${Math.random().toString(36).slice(2, 8)}`,
      stage_id: stageId,
    });
    expect(res.statusCode).toBe(201);
    return res.json<Card>();
  };
  const cardOf = async (id: string) =>
    (
      await sql<Card>(
        'select id, position, version, stage_id from public.deals where id = $1',
        [id],
      )
    )[0];
  const column = async (stageId: string) =>
    (
      await sql<{ id: string }>(
        `select id from public.deals where stage_id = $1 and deleted_at is null
          order by position collate "C"`,
        [stageId],
      )
    ).map((d) => d.id);

  /** Moves waiting for a row lock, seen from the database. */
  const waitingMoves = async () =>
    (
      await sql<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and query ilike '%move_deal%'`,
      )
    )[0].n;

  it('lets the first of two moves into one gap in, and answers the second 409 without writing', async () => {
    const [lead, target] = [stages[0].id, stages[1].id];
    const upper = await newDeal(target);
    const lower = await newDeal(target);
    const [first, second] = [await newDeal(lead), await newDeal(lead)];
    const was = {
      [first.id]: await cardOf(first.id),
      [second.id]: await cardOf(second.id),
    };

    // Hold the column as a move holds it, so that both moves are inside the function at once.
    const holder = new Client({
      connectionString: process.env.DATABASE_ADMIN_URL,
    });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(
        'select 1 from public.pipeline_stages where id = $1 for update',
        [target],
      );
      const between = {
        stage_id: target,
        after_id: upper.id,
        before_id: lower.id,
      };
      const moves = [first, second].map((deal) =>
        apiAs(app, user).post(`${base()}/deals/${deal.id}/move`, between),
      );
      const deadline = Date.now() + 5000;
      while ((await waitingMoves()) < 2) {
        if (Date.now() > deadline)
          throw new Error('the two moves never waited for the column');
        await new Promise((r) => setTimeout(r, 20));
      }
      await holder.query('commit');
      const answers = await Promise.all(moves);

      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const lost = answers.findIndex((r) => r.statusCode === 409);
      expect(detailOf(answers[lost])).toBe(COLUMN_CHANGED);
      const [winner, loser] = lost === 0 ? [second, first] : [first, second];
      expect(await cardOf(loser.id)).toEqual(was[loser.id]);
      expect(await column(target)).toEqual([upper.id, winner.id, lower.id]);
      expect(await column(lead)).toEqual([loser.id]);
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
    }
  });

  it('names the rule of each refusal: a stale version 409, a viewer 403', async () => {
    const [lead, target] = [stages[0].id, stages[1].id];
    const deal = await newDeal(lead);
    const was = await cardOf(deal.id);
    const stale = await app.inject({
      method: 'POST',
      url: `${base()}/deals/${deal.id}/move`,
      headers: { ...user.headers, 'if-match': `"${deal.version + 1}"` },
      payload: { stage_id: target },
    });
    expect([stale.statusCode, detailOf(stale)]).toEqual([
      409,
      'The deal changed since you read it: fetch it again.',
    ]);
    const byViewer = await apiAs(app, viewer).post(
      `${base()}/deals/${deal.id}/move`,
      { stage_id: target },
    );
    expect([byViewer.statusCode, detailOf(byViewer)]).toEqual([
      403,
      'Your role in this workspace does not allow this.',
    ]);
    expect(await cardOf(deal.id)).toEqual(was);
  });
});
