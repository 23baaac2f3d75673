import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { EventStreamClient } from '../support/event-stream';
import { signedInUser, type TestUser } from '../support/users';

interface Entry {
  id: number;
  workspace_id: string;
}

/**
 * Last-Event-ID on the real stack: the gap a client missed holds other workspaces' entries
 * between its own (ids are one sequence for every workspace). The replay sends this workspace's
 * entries after the id, in order, none missing, nothing of another workspace; longer than a
 * page of the replay (500), so it pages through the table too.
 */
describe('replaying a gap that other workspaces wrote into', () => {
  let app: NestFastifyApplication;
  let base: string;
  const opened: EventStreamClient[] = [];

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        EVENTS_MEMBERSHIP_CHECK_MS: '1000',
        EVENTS_HEARTBEAT_MS: '1000',
        EVENTS_POLL_MS: '60000',
      },
    });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${port}/api/v1`;
  });

  // A failed expectation must not leave a stream open: the app could not close.
  afterEach(() => {
    for (const stream of opened.splice(0)) stream.close();
  });

  afterAll(async () => {
    await app.close();
  });

  const streamOf = async (user: TestUser, lastEventId?: number) => {
    const stream = await EventStreamClient.open(
      `${base}/workspaces/${user.workspaceId}/events`,
      {
        ...user.headers,
        ...(lastEventId === undefined
          ? {}
          : { 'last-event-id': String(lastEventId) }),
      },
    );
    opened.push(stream);
    return stream;
  };

  /** Entries written in turn into each workspace, in one statement: their ids interleave. */
  const interleave = (workspaces: string[], count: number) =>
    sql(
      `with customers as (
         select w, (select c.id from public.customers c where c.workspace_id = w limit 1) as customer
           from unnest($1::uuid[]) with ordinality as t(w, n))
       insert into public.activities (workspace_id, customer_id, kind, body)
       select c.w, c.customer, 'note', 'entry ' || i
         from generate_series(0, $2 - 1) i
         join customers c on c.w = ($1::uuid[])[1 + i % cardinality($1::uuid[])]
        order by i`,
      [workspaces, count],
    );

  it("sends this workspace's entries after the id, in order, none missing and none of another's", async () => {
    const [ada, bob, cy] = [
      await signedInUser(),
      await signedInUser(),
      await signedInUser(),
    ];
    for (const user of [ada, bob, cy])
      await sql(
        `insert into public.customers (workspace_id, name) values ($1, 'Timeline')`,
        [user.workspaceId],
      );
    await interleave([ada.workspaceId, bob.workspaceId, cy.workspaceId], 2700);
    const adas = await sql<{ id: string }>(
      `select id from public.activities where workspace_id = $1 and body like 'entry %'
        order by id`,
      [ada.workspaceId],
    );
    expect(adas).toHaveLength(900);

    // From the middle of what was written: 700 of ada's entries follow it, two pages.
    const middle = Number(adas[199].id);
    const stream = await streamOf(ada, middle);
    expect(stream.status).toBe(200);
    const expected = adas.slice(200).map((r) => Number(r.id));
    const [{ n: others }] = await sql<{ n: number }>(
      `select count(*)::int as n from public.activities
        where workspace_id <> $1 and id > $2 and id < $3`,
      [ada.workspaceId, middle, expected.at(-1)],
    );
    expect(others).toBeGreaterThanOrEqual(1400);
    await stream.until((s) => s.entries().length >= expected.length, 15_000);

    // Then live: one more entry in each workspace, ada's alone arrives.
    await interleave([bob.workspaceId, ada.workspaceId, cy.workspaceId], 3);
    await stream.until((s) => s.entries().length > expected.length, 5_000);
    await new Promise((r) => setTimeout(r, 300));
    const received = stream.entries<Entry>();
    expect(received.filter((e) => e.workspace_id !== ada.workspaceId)).toEqual(
      [],
    );
    expect(received.map((e) => e.id).slice(0, -1)).toEqual(expected);
    expect(received).toHaveLength(expected.length + 1);
  }, 60_000);
});
