import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import { ActivityFeed } from '../../src/events/activity-feed';
import { createTestApp } from '../support/app';
import { sharedWorkspace, sql } from '../support/database';
import { EventStreamClient } from '../support/event-stream';
import {
  apiAs,
  customerInput,
  signedInUser,
  type TestUser,
} from '../support/users';
import type { Activity } from '../support/api-types';

describe('live updates (server-sent events)', () => {
  let app: NestFastifyApplication;
  let base: string;
  // Closed after each test whatever happened: an open stream would keep the app from closing.
  const opened: { close(): void }[] = [];

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        EVENTS_MEMBERSHIP_CHECK_MS: '200',
        EVENTS_HEARTBEAT_MS: '1000',
        EVENTS_MAX_BUFFER_BYTES: '65536',
        // Every delivery here comes from a notification or a reconnect, never the safety poll.
        EVENTS_POLL_MS: '60000',
      },
    });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}/api/v1`;
  });

  afterEach(() => {
    for (const stream of opened.splice(0)) stream.close();
  });

  afterAll(async () => {
    await app.close();
  });

  const streamOf = async (
    user: TestUser,
    workspaceId: string,
    lastEventId?: number,
  ) => {
    const stream = await EventStreamClient.open(
      `${base}/workspaces/${workspaceId}/events`,
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

  async function note(user: TestUser, customerId: string, body: string) {
    const res = await apiAs(app, user).post(
      `/api/v1/workspaces/${user.workspaceId}/customers/${customerId}/activities`,
      { kind: 'note', body },
    );
    expect(res.statusCode).toBe(201);
    return res.json<Activity>();
  }

  it('sends each entry of the workspace as it commits, id and kind as the timeline lists it', async () => {
    const user = await signedInUser();
    const stream = await streamOf(user, user.workspaceId);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe(
      'text/event-stream; charset=utf-8',
    );
    expect(stream.headers['x-accel-buffering']).toBe('no');

    const started = Date.now();
    const created = await apiAs(app, user).post(
      user.customers,
      customerInput(),
    );
    const customer = created.json<{ id: string }>();
    await stream.until((s) => s.entries().length === 1, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    const written = await note(user, customer.id, 'Called: interested');
    await stream.until((s) => s.entries().length === 2);

    const [first, second] = stream.entries<Activity>();
    expect(first).toMatchObject({ kind: 'created', customer_id: customer.id });
    expect(second).toEqual(written);
    expect(stream.events.slice(0, 2).map((e) => [e.id, e.event])).toEqual([
      [String(first.id), 'created'],
      [String(second.id), 'note'],
    ]);
    await stream.until((s) => s.comments >= 1, 3000);
    stream.close();
  });

  it("sends a company's entries with their company_id, as the company's timeline lists them", async () => {
    const user = await signedInUser();
    const stream = await streamOf(user, user.workspaceId);
    const companies = `/api/v1/workspaces/${user.workspaceId}/companies`;
    const company = (
      await apiAs(app, user).post(companies, { name: 'Analytical Engines' })
    ).json<{ id: string }>();
    const written = await apiAs(app, user).post(
      `${companies}/${company.id}/activities`,
      { kind: 'note', body: 'Met their buyer' },
    );
    expect(written.statusCode).toBe(201);
    await stream.until((s) => s.entries().length === 2);
    const [created, noted] = stream.entries<Activity>();
    expect(created).toMatchObject({
      kind: 'created',
      company_id: company.id,
      customer_id: null,
      deal_id: null,
    });
    expect(noted).toEqual(written.json());
    const timeline = await apiAs(app, user).get(
      `${companies}/${company.id}/activities`,
    );
    expect(timeline.json<{ data: Activity[] }>().data).toEqual([
      noted,
      created,
    ]);
  });

  it('replays what a client missed after Last-Event-ID, then goes on live', async () => {
    const user = await signedInUser();
    const customer = (
      await apiAs(app, user).post(user.customers, customerInput())
    ).json<{ id: string }>();
    const first = await streamOf(user, user.workspaceId);
    const seen = await note(user, customer.id, 'seen');
    await first.until((s) => s.entries().length === 1);
    first.close();

    const missed = [
      await note(user, customer.id, 'missed 1'),
      await note(user, customer.id, 'missed 2'),
      await note(user, customer.id, 'missed 3'),
    ];
    const again = await streamOf(user, user.workspaceId, seen.id);
    await again.until((s) => s.entries().length === 3);
    const live = await note(user, customer.id, 'live');
    await again.until((s) => s.entries().length === 4);
    expect(again.entries<Activity>().map((e) => e.body)).toEqual([
      ...missed.map((e) => e.body),
      live.body,
    ]);
    again.close();
  });

  it('keeps its streams when the database link drops, and sends what committed meanwhile', async () => {
    const user = await signedInUser();
    const customer = (
      await apiAs(app, user).post(user.customers, customerInput())
    ).json<{ id: string }>();
    const stream = await streamOf(user, user.workspaceId);
    const feed = app.get(ActivityFeed);
    const [dropped] = await sql<{ dropped: boolean }>(
      `select pg_terminate_backend(pid) as dropped from pg_stat_activity
        where application_name = 'crm-events-listen'`,
    );
    expect(dropped).toEqual({ dropped: true });
    const written = await note(user, customer.id, 'while the link was down');
    await stream.until(
      (s) => s.entries<Activity>().some((e) => e.id === written.id),
      5000,
    );
    expect(feed.link).toBe('up');
    expect(stream.ended).toBe(false);
    stream.close();
  });

  it("never sends another workspace's entries", async () => {
    const [ada, bob] = [await signedInUser(), await signedInUser()];
    const adas = await streamOf(ada, ada.workspaceId);
    await apiAs(app, bob).post(bob.customers, customerInput());
    await apiAs(app, ada).post(ada.customers, customerInput());
    await adas.until((s) => s.entries().length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(adas.entries<Activity>().map((e) => e.workspace_id)).toEqual([
      ada.workspaceId,
    ]);
    adas.close();
  });

  it('answers 404 to a non-member and 400 to a malformed Last-Event-ID, before any stream', async () => {
    const [ada, bob] = [await signedInUser(), await signedInUser()];
    const stranger = await streamOf(bob, ada.workspaceId);
    expect(stranger.status).toBe(404);
    expect(stranger.headers['content-type']).toContain(
      'application/problem+json',
    );
    const malformed = await EventStreamClient.open(
      `${base}/workspaces/${ada.workspaceId}/events`,
      { ...ada.headers, 'last-event-id': 'yesterday' },
    );
    expect(malformed.status).toBe(400);
  });

  it('ends the stream of a member removed from the workspace within the recheck interval', async () => {
    const [owner, member] = [await signedInUser(), await signedInUser()];
    const workspaceId = await sharedWorkspace([
      [owner, 'owner'],
      [member, 'member'],
    ]);
    const stream = await streamOf(member, workspaceId);
    expect(stream.status).toBe(200);
    const removed = await apiAs(app, owner).delete(
      `/api/v1/workspaces/${workspaceId}/members/${member.id}`,
    );
    expect(removed.statusCode).toBe(204);
    const at = Date.now();
    await stream.until((s) => s.ended, 2000);
    expect(Date.now() - at).toBeLessThan(1000);
    expect(stream.events.at(-1)).toMatchObject({
      event: 'end',
      data: JSON.stringify({
        reason: 'you are no longer a member of this workspace',
      }),
    });
  });

  it('cuts off a client that stops reading instead of holding what it has not read', async () => {
    const user = await signedInUser();
    const customer = (
      await apiAs(app, user).post(user.customers, customerInput())
    ).json<{ id: string }>();
    const feed = app.get(ActivityFeed);
    const before = feed.openStreams;
    // A client that sends the request and then never reads from its socket.
    const { port } = app.getHttpServer().address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    opened.push({ close: () => socket.destroy() });
    socket.write(
      `GET /api/v1/workspaces/${user.workspaceId}/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${user.headers.authorization}\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 300));
    socket.pause();
    expect(feed.openStreams).toBe(before + 1);
    // Far more than socket buffers hold: 600 entries of 10,000 characters.
    await sql(
      `insert into public.activities (workspace_id, customer_id, kind, body)
       select $1, $2, 'note', repeat('x', 10000) from generate_series(1, 600)`,
      [user.workspaceId, customer.id],
    );
    const deadline = Date.now() + 10_000;
    while (feed.openStreams > before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(feed.openStreams).toBe(before);
    socket.destroy();
  });

  it('answers 503, not a stream, where live updates are not configured', async () => {
    const user = await signedInUser();
    const without = await createTestApp({ env: { DATABASE_URL: undefined } });
    try {
      const res = await without.inject({
        method: 'GET',
        url: `/api/v1/workspaces/${user.workspaceId}/events`,
        headers: user.headers,
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        detail: 'Live updates are not available on this server.',
      });
    } finally {
      await without.close();
    }
  });
});
