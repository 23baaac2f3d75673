import {
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pg from 'pg';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { eventsConfig } from '../config/events.config';
import { PostgresListener } from '../database/postgres-listener';
import { PostgresPool } from '../database/postgres-pool';
import { ShutdownState } from '../lifecycle/shutdown.state';
import { ActivityFeed } from './activity-feed';
import { FeedLink } from './feed-link';
import { FeedReader } from './feed-reader';
import type { LiveFeedRepository, TimelineEntry } from './live-feed.repository';
import { StreamRegistry, type StreamSink } from './stream-registry';

type EventsConfig = ConfigType<typeof eventsConfig>;

const NOW = new Date('2026-11-25T10:00:00Z').getTime();

const DATABASE_URL = 'postgres://events@db.invalid/crm';

const CONFIG: EventsConfig = {
  heartbeatMs: 1000,
  membershipCheckMs: 500,
  pollMs: 2000,
  maxBufferBytes: 1024,
  maxStreams: 3,
  maxStreamsPerUser: 2,
};

const W1 = '00000000-0000-4000-8000-0000000000f1';
const W2 = '00000000-0000-4000-8000-0000000000f2';

const user = (id: string, expiresAt = NOW + 3_600_000): AuthenticatedUser => ({
  id,
  accessToken: `token-${id}`,
  expiresAt,
});
const ADA = user('ada');
const BOB = user('bob');
const CY = user('cy');

type Entry = TimelineEntry;

/** The tables the feed reads, behind the repository's methods; assertions are on the streams. */
class FakeDatabase {
  readonly entries: Entry[] = [];
  /** `${workspaceId} ${userId}` of every membership. */
  readonly members = new Set<string>();
  private readonly replayedPages = new Set<string>();
  down = false;
  /** While set, a replay's read waits for it (live entries may commit meanwhile). */
  replayGate: Promise<void> | undefined;

  readonly repository = {
    lastEntryId: jest.fn((workspaceId: string) =>
      this.answer(() => {
        const ids = this.entries
          .filter((e) => e.workspace_id === workspaceId)
          .map((e) => e.id);
        return Math.max(0, ...ids);
      }),
    ),
    entriesBetween: jest.fn(
      async (
        workspaceId: string,
        after: number,
        upTo: number,
        limit: number,
      ) => {
        if (this.down) throw new Error('connection refused');
        if (this.replayGate) await this.replayGate;
        // A replay that reads the same page again would never end.
        const page = JSON.stringify([workspaceId, after, upTo]);
        if (this.replayedPages.has(page))
          throw new Error(`read again: ${page}`);
        this.replayedPages.add(page);
        return this.sorted(
          (e) => e.workspace_id === workspaceId && e.id > after && e.id <= upTo,
        ).slice(0, limit);
      },
    ),
    entriesAfter: jest.fn(
      (workspaceIds: string[], lasts: number[], limit: number) =>
        this.answer(() =>
          workspaceIds
            .flatMap((workspaceId, i) =>
              this.sorted(
                (e) => e.workspace_id === workspaceId && e.id > lasts[i],
              ).slice(0, limit),
            )
            .sort((a, b) => a.id - b.id),
        ),
    ),
    memberships: jest.fn((workspaceIds: string[], userIds: string[]) =>
      this.answer(() =>
        workspaceIds
          .map((workspace_id, i) => ({ workspace_id, user_id: userIds[i] }))
          .filter((m) => this.members.has(`${m.workspace_id} ${m.user_id}`)),
      ),
    ),
  };

  add(workspaceId: string, id: number): Entry {
    const entry = { id, workspace_id: workspaceId, kind: 'note' };
    this.entries.push(entry);
    return entry;
  }

  join(workspaceId: string, ...users: AuthenticatedUser[]): void {
    for (const { id } of users) this.members.add(`${workspaceId} ${id}`);
  }

  private answer<T>(read: () => T): Promise<T> {
    return this.down
      ? Promise.reject(new Error('connection refused'))
      : Promise.resolve(read());
  }

  private sorted(keep: (e: Entry) => boolean): Entry[] {
    return this.entries.filter(keep).sort((a, b) => a.id - b.id);
  }
}

/** The LISTEN connection: connects when told to, and lets a test deliver a notification. */
class FakeListener {
  private readonly handlers = new Map<string, (message: unknown) => void>();
  readonly connect = jest.fn(() => Promise.resolve());
  readonly query = jest.fn(() => Promise.resolve({ rows: [] }));
  // As pg's client: ending it emits 'end'.
  readonly end = jest.fn(() => {
    this.handlers.get('end')?.(undefined);
    return Promise.resolve();
  });

  on(event: string, handler: (message: unknown) => void): this {
    this.handlers.set(event, handler);
    return this;
  }

  notify(workspaceId: string): void {
    this.handlers.get('notification')?.({
      channel: 'crm_activities',
      payload: workspaceId,
    });
  }
}

/** A client's response: records what it was sent; `pending` is what it has not read yet. */
class FakeSink implements StreamSink {
  readonly chunks: string[] = [];
  ended = false;
  pending = 0;
  private readonly closeListeners: (() => void)[] = [];

  write(chunk: string): void {
    this.chunks.push(chunk);
  }

  end(): void {
    this.ended = true;
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** The client goes away. */
  disconnect(): void {
    for (const listener of this.closeListeners) listener();
  }

  get ids(): number[] {
    return this.chunks
      .filter((c) => c.startsWith('id: '))
      .map((c) => Number(/^id: (\d+)/.exec(c)![1]));
  }

  /** The reason given by the `end` event, if one was sent. */
  get endReason(): string | undefined {
    const end = this.chunks.find((c) => c.startsWith('event: end\n'));
    if (!end) return undefined;
    return (
      JSON.parse(end.slice(end.indexOf('data: ') + 6)) as {
        reason: string;
      }
    ).reason;
  }
}

/** The error `act` throws, for assertions on its status. */
function thrownBy(act: () => void): HttpException {
  try {
    act();
  } catch (error) {
    return error as HttpException;
  }
  throw new Error('nothing was thrown');
}

/** Lets every promise the feed chained settle (setImmediate is left real). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe(ActivityFeed.name, () => {
  let db: FakeDatabase;
  let listeners: FakeListener[];
  let shutdown: ShutdownState;
  /** How each feed stops, as Nest stops them: the feature first, database/ last. */
  let stops: Map<ActivityFeed, () => Promise<void>>;
  /** How many of the next LISTEN connections fail to connect. */
  let refusedConnections: number;

  /** A feed as EventsModule wires it, on the connections database/ owns. */
  async function started(
    options: Partial<EventsConfig> & { databaseUrl?: string } = {},
  ) {
    const { databaseUrl, ...settings } = {
      databaseUrl: DATABASE_URL,
      ...options,
    };
    const config = { ...CONFIG, ...settings };
    const postgres = { url: databaseUrl, refusePrivilegedRole: true };
    const pool = new PostgresPool(postgres);
    const listener = new PostgresListener(postgres);
    const streams = new StreamRegistry(config);
    const reader = new FeedReader(
      db.repository as unknown as LiveFeedRepository,
      streams,
    );
    const link = new FeedLink(listener, reader, streams);
    const feed = new ActivityFeed(config, shutdown, streams, reader, link);
    stops.set(feed, async () => {
      feed.onApplicationShutdown();
      await listener.stop();
      await pool.close();
    });
    // As Nest starts them: database/ (global) first.
    await listener.start();
    feed.onModuleInit();
    return feed;
  }

  const stop = (feed: ActivityFeed) => stops.get(feed)!();

  async function open(
    feed: ActivityFeed,
    who: AuthenticatedUser,
    workspaceId = W1,
    lastEventId?: number,
  ): Promise<FakeSink> {
    const sink = new FakeSink();
    feed.admit(who);
    await feed.prepare(workspaceId);
    await feed.open(who, workspaceId, lastEventId, sink);
    return sink;
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate'] });
    db = new FakeDatabase();
    db.join(W1, ADA, BOB, CY);
    db.join(W2, ADA, BOB, CY);
    listeners = [];
    refusedConnections = 0;
    shutdown = new ShutdownState();
    stops = new Map();
    jest.spyOn(pg, 'Pool').mockImplementation(
      () =>
        ({
          query: () => Promise.reject(new Error('read through the repository')),
          on: () => undefined,
          end: () => Promise.resolve(),
        }) as unknown as pg.Pool,
    );
    jest.spyOn(pg, 'Client').mockImplementation(() => {
      const listener = new FakeListener();
      if (refusedConnections > 0) {
        refusedConnections -= 1;
        listener.connect.mockRejectedValueOnce(new Error('connection refused'));
      }
      listeners.push(listener);
      return listener as unknown as pg.Client;
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const stopFeed of stops.values()) await stopFeed();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  describe('admit', () => {
    it('answers 503 on a server without DATABASE_URL, and opens no connection', async () => {
      const feed = await started({ databaseUrl: undefined });
      expect(feed.link).toBe('off');
      expect(() => feed.admit(ADA)).toThrow(
        new ServiceUnavailableException(
          'Live updates are not available on this server.',
        ),
      );
      expect(pg.Pool).not.toHaveBeenCalled();
      expect(pg.Client).not.toHaveBeenCalled();
    });

    it('answers 503 while the link is down, and admits once it is back', async () => {
      refusedConnections = 1;
      const feed = await started();
      expect(feed.link).toBe('down');
      expect(() => feed.admit(ADA)).toThrow(
        new ServiceUnavailableException(
          'Live updates are unavailable right now; retry shortly.',
        ),
      );

      // The first retry comes half a second later.
      await jest.advanceTimersByTimeAsync(500);
      expect(feed.link).toBe('up');
      expect(listeners.at(-1)!.query).toHaveBeenCalledWith(
        'listen crm_activities',
      );
      expect(() => feed.admit(ADA)).not.toThrow();
    });

    it('answers 503 once the server is stopping', async () => {
      const feed = await started();
      expect(() => feed.admit(ADA)).not.toThrow();
      await stop(feed);
      expect(() => feed.admit(ADA)).toThrow(
        new ServiceUnavailableException(
          'Live updates are not available on this server.',
        ),
      );
    });

    it('answers 503 past EVENTS_MAX_STREAMS, and admits again when one closes', async () => {
      const feed = await started();
      const first = await open(feed, ADA);
      await open(feed, BOB);
      await open(feed, CY, W2);
      expect(() => feed.admit(user('dee'))).toThrow(
        new ServiceUnavailableException(
          'This server holds as many streams as it can; retry shortly.',
        ),
      );
      first.disconnect();
      expect(() => feed.admit(user('dee'))).not.toThrow();
    });

    it('answers 429 past EVENTS_MAX_STREAMS_PER_USER, to that user only', async () => {
      const feed = await started({ maxStreams: 10 });
      const first = await open(feed, ADA);
      await open(feed, ADA, W2);
      const refusal = thrownBy(() => feed.admit(ADA));
      expect(refusal).toBeInstanceOf(HttpException);
      expect(refusal.getStatus()).toBe(HttpStatus.TOO_MANY_REQUESTS);
      expect(refusal.message).toBe('At most 2 open streams per user.');
      expect(() => feed.admit(BOB)).not.toThrow();
      first.disconnect();
      expect(() => feed.admit(ADA)).not.toThrow();
    });
  });

  describe('open streams', () => {
    it('counts each stream once, from open until its client goes away', async () => {
      const feed = await started();
      expect(feed.openStreams).toBe(0);
      const first = await open(feed, ADA);
      await open(feed, BOB);
      expect(feed.openStreams).toBe(2);
      first.disconnect();
      first.disconnect();
      expect(feed.openStreams).toBe(1);
      expect(first.ended).toBe(true);
    });

    it('stops without taking its own disconnect for a lost link', async () => {
      const feed = await started();
      const warn = jest.spyOn(Logger.prototype, 'warn');
      await stop(feed);
      jest.advanceTimersByTime(60_000);
      expect(warn).not.toHaveBeenCalled();
      expect(listeners).toHaveLength(1);
    });

    it('ends every stream, saying why, when the server starts draining', async () => {
      const feed = await started();
      const sinks = [
        await open(feed, ADA),
        await open(feed, BOB),
        await open(feed, CY, W2),
      ];
      shutdown.markShuttingDown();
      for (const sink of sinks) {
        expect(sink.endReason).toBe('the server is restarting');
        expect(sink.ended).toBe(true);
      }
      expect(feed.openStreams).toBe(0);
    });

    it('answers 503 at prepare, and ends the stream at open, when the database fails', async () => {
      const feed = await started();
      db.down = true;
      await expect(feed.prepare(W1)).rejects.toThrow(
        new ServiceUnavailableException(
          'Live updates are unavailable right now; retry shortly.',
        ),
      );
      const sink = new FakeSink();
      await feed.open(ADA, W1, undefined, sink);
      expect(sink.endReason).toBe('the database is unavailable');
      expect(sink.ended).toBe(true);
      expect(feed.openStreams).toBe(0);
    });
  });

  describe('entries', () => {
    it("sends a workspace's new entries once, to its streams only, when notified", async () => {
      db.add(W1, 1);
      const feed = await started();
      const ada = await open(feed, ADA);
      const bob = await open(feed, BOB);
      const other = await open(feed, CY, W2);
      const entry = db.add(W1, 2);
      listeners[0].notify(W1);
      await settle();
      for (const sink of [ada, bob])
        expect(sink.chunks).toEqual([
          `id: 2\nevent: note\ndata: ${JSON.stringify(entry)}\n\n`,
        ]);
      expect(other.chunks).toEqual([]);

      await jest.advanceTimersByTimeAsync(CONFIG.pollMs);
      expect(ada.ids).toEqual([2]);
    });

    it('finds by the poll an entry whose notification was lost', async () => {
      const feed = await started();
      const sink = await open(feed, ADA);
      db.add(W1, 1);
      await jest.advanceTimersByTimeAsync(CONFIG.pollMs);
      expect(sink.ids).toEqual([1]);
    });

    it('replays what the client missed since Last-Event-ID, then goes on live', async () => {
      for (const id of [1, 2, 3, 4]) db.add(W1, id);
      db.add(W2, 5);
      const feed = await started();
      const sink = await open(feed, ADA, W1, 2);
      expect(sink.ids).toEqual([3, 4]);
      db.add(W1, 6);
      listeners[0].notify(W1);
      await settle();
      expect(sink.ids).toEqual([3, 4, 6]);
    });

    it('holds back live entries while it replays, then sends them after the gap, in order', async () => {
      for (const id of [1, 2, 3, 4]) db.add(W1, id);
      const feed = await started();
      const ada = await open(feed, ADA);
      let release!: () => void;
      db.replayGate = new Promise((resolve) => (release = resolve));
      const bob = new FakeSink();
      const opening = feed.open(BOB, W1, 2, bob);
      db.add(W1, 5);
      listeners[0].notify(W1);
      await settle();
      expect(ada.ids).toEqual([5]);
      expect(bob.ids).toEqual([]);

      release();
      await opening;
      expect(bob.ids).toEqual([3, 4, 5]);
    });

    it('replays a gap longer than one page, page by page, to its end', async () => {
      for (let id = 1; id <= 1234; id += 1) db.add(W1, id);
      const feed = await started();
      const sink = await open(feed, ADA, W1, 1);
      expect(sink.ids).toHaveLength(1233);
      expect(sink.ids[0]).toBe(2);
      expect(sink.ids.at(-1)).toBe(1234);
      const replays = db.repository.entriesBetween.mock.calls;
      expect(replays).toHaveLength(3);
    });

    it('skips what a client reconnecting from another pod has already seen', async () => {
      db.add(W1, 1);
      const feed = await started();
      const ada = await open(feed, ADA);
      // Committed, not yet read by this pod; another pod sent them to Bob.
      db.add(W1, 2);
      db.add(W1, 3);
      const bob = await open(feed, BOB, W1, 3);
      expect(bob.ids).toEqual([]);
      db.add(W1, 4);
      listeners[0].notify(W1);
      await settle();
      expect(ada.ids).toEqual([2, 3, 4]);
      expect(bob.ids).toEqual([4]);
    });

    it('cuts off a client that does not read what it is sent', async () => {
      const feed = await started();
      const reader = await open(feed, ADA);
      const slow = await open(feed, BOB);
      slow.pending = CONFIG.maxBufferBytes + 1;
      reader.pending = CONFIG.maxBufferBytes;
      db.add(W1, 1);
      listeners[0].notify(W1);
      await settle();
      expect(slow.endReason).toBe('the client reads too slowly');
      expect(slow.ended).toBe(true);
      expect(reader.ended).toBe(false);
      expect(feed.openStreams).toBe(1);
    });

    it('cuts off a slow client during a replay', async () => {
      for (const id of [1, 2, 3]) db.add(W1, id);
      const feed = await started();
      const sink = new FakeSink();
      sink.pending = CONFIG.maxBufferBytes + 1;
      await feed.open(ADA, W1, 0, sink);
      expect(sink.endReason).toBe('the client reads too slowly');
      expect(feed.openStreams).toBe(0);
    });
  });

  describe('upkeep', () => {
    it('sends a heartbeat every EVENTS_HEARTBEAT_MS, and cuts off a client that does not read it', async () => {
      const feed = await started();
      const reader = await open(feed, ADA);
      const slow = await open(feed, BOB);
      await jest.advanceTimersByTimeAsync(CONFIG.heartbeatMs);
      expect(reader.chunks).toEqual([': heartbeat\n\n']);
      expect(slow.ended).toBe(false);

      slow.pending = CONFIG.maxBufferBytes + 1;
      await jest.advanceTimersByTimeAsync(CONFIG.heartbeatMs);
      expect(reader.chunks).toEqual([': heartbeat\n\n', ': heartbeat\n\n']);
      expect(slow.endReason).toBe('the client reads too slowly');
      expect(reader.ended).toBe(false);
    });

    it('ends the streams of a removed member, and of an expired access token', async () => {
      const expiring = user('eve', NOW + 2 * CONFIG.membershipCheckMs);
      db.join(W1, expiring);
      const feed = await started();
      const ada = await open(feed, ADA);
      const bob = await open(feed, BOB);
      const eve = await open(feed, expiring);

      db.members.delete(`${W1} ${BOB.id}`);
      await jest.advanceTimersByTimeAsync(CONFIG.membershipCheckMs);
      expect(bob.endReason).toBe(
        'you are no longer a member of this workspace',
      );
      expect(eve.ended).toBe(false);

      await jest.advanceTimersByTimeAsync(CONFIG.membershipCheckMs);
      expect(eve.endReason).toBe('the access token has expired');
      expect(ada.ended).toBe(false);
      expect(feed.openStreams).toBe(1);
    });
  });
});
