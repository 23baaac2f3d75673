import { type HttpException, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pg from 'pg';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { eventsConfig } from '../config/events.config';
import { PostgresListener } from '../database/postgres-listener';
import { PostgresPool } from '../database/postgres-pool';
import { ActivityFeed } from '../events/activity-feed';
import { FeedLink } from '../events/feed-link';
import { FeedReader } from '../events/feed-reader';
import type { LiveFeedRepository } from '../events/live-feed.repository';
import { StreamRegistry } from '../events/stream-registry';
import { FakeDatabase, FakeListener, FakeSink } from './live-feed.fakes';
import { ShutdownState } from '../lifecycle/shutdown.state';

// The live feed as EventsModule wires it (ActivityFeed, FeedLink, FeedReader, StreamRegistry on
// the connections database/ owns), over a fake database and LISTEN connection, for the unit
// specs of each of those classes in src/events/.

export type EventsConfig = ConfigType<typeof eventsConfig>;

export const NOW = new Date('2026-11-25T10:00:00Z').getTime();

const DATABASE_URL = 'postgres://events@db.invalid/crm';

export const CONFIG: EventsConfig = {
  heartbeatMs: 1000,
  membershipCheckMs: 500,
  pollMs: 2000,
  maxBufferBytes: 1024,
  maxStreams: 3,
  maxStreamsPerUser: 2,
};

export const W1 = '00000000-0000-4000-8000-0000000000f1';
export const W2 = '00000000-0000-4000-8000-0000000000f2';

export const user = (
  id: string,
  expiresAt = NOW + 3_600_000,
): AuthenticatedUser => ({
  id,
  accessToken: `token-${id}`,
  expiresAt,
});
export const ADA = user('ada');
export const BOB = user('bob');
export const CY = user('cy');

/** The error `act` throws, for assertions on its status. */
export function thrownBy(act: () => void): HttpException {
  try {
    act();
  } catch (error) {
    return error as HttpException;
  }
  throw new Error('nothing was thrown');
}

/** Lets every promise the feed chained settle (setImmediate is left real). */
export const settle = () =>
  new Promise<void>((resolve) => setImmediate(resolve));

export interface LiveFeed {
  db: FakeDatabase;
  /** Every LISTEN connection opened, in order. */
  listeners: FakeListener[];
  shutdown: ShutdownState;
  /** How many of the next LISTEN connections fail to connect. */
  refusedConnections: number;
  /** A feed as EventsModule wires it, started as Nest starts it. */
  started(
    options?: Partial<EventsConfig> & { databaseUrl?: string },
  ): Promise<ActivityFeed>;
  /** Stops a feed as Nest stops it: the feature first, database/ last. */
  stop(feed: ActivityFeed): Promise<void>;
  /** Admits, prepares and opens a stream of `who` on `workspaceId`. */
  open(
    feed: ActivityFeed,
    who: AuthenticatedUser,
    workspaceId?: string,
    lastEventId?: number,
  ): Promise<FakeSink>;
}

/**
 * Registers the set-up and tear-down of a live feed spec (fake timers from NOW, pg's Pool and
 * Client replaced, quiet logs, every feed stopped after each test) and answers the harness its
 * tests use. Call it at the top of the spec's describe.
 */
export function useLiveFeed(): LiveFeed {
  const stops = new Map<ActivityFeed, () => Promise<void>>();
  const live: LiveFeed = {
    db: new FakeDatabase(),
    listeners: [],
    shutdown: new ShutdownState(),
    refusedConnections: 0,

    async started(options = {}) {
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
        live.db.repository as unknown as LiveFeedRepository,
        streams,
      );
      const link = new FeedLink(listener, reader, streams);
      const feed = new ActivityFeed(
        config,
        live.shutdown,
        streams,
        reader,
        link,
      );
      stops.set(feed, async () => {
        feed.onApplicationShutdown();
        await listener.stop();
        await pool.close();
      });
      // As Nest starts them: database/ (global) first.
      await listener.start();
      feed.onModuleInit();
      return feed;
    },

    stop: (feed) => stops.get(feed)!(),

    async open(feed, who, workspaceId = W1, lastEventId) {
      const sink = new FakeSink();
      feed.admit(who);
      await feed.prepare(workspaceId);
      await feed.open(who, workspaceId, lastEventId, sink);
      return sink;
    },
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate'] });
    live.db = new FakeDatabase();
    live.db.join(W1, ADA, BOB, CY);
    live.db.join(W2, ADA, BOB, CY);
    live.listeners = [];
    live.refusedConnections = 0;
    live.shutdown = new ShutdownState();
    stops.clear();
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
      if (live.refusedConnections > 0) {
        live.refusedConnections -= 1;
        listener.connect.mockRejectedValueOnce(new Error('connection refused'));
      }
      live.listeners.push(listener);
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

  return live;
}
