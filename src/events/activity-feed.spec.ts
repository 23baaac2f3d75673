import { ServiceUnavailableException } from '@nestjs/common';
import pg from 'pg';
import { FakeSink, type FakeDatabase } from '../testing/live-feed.fakes';
import {
  ADA,
  BOB,
  CY,
  useLiveFeed,
  W1,
  W2,
} from '../testing/live-feed.harness';
import { ActivityFeed } from './activity-feed';

// ActivityFeed admits and opens streams, ends them when the server drains or stops. Every spec here
// drives the whole feed as EventsModule wires it (src/testing/live-feed.harness.ts), and each
// class's behaviour has its own file.

describe(ActivityFeed.name, () => {
  const live = useLiveFeed();
  const { open, started, stop } = live;
  let db: FakeDatabase;

  beforeEach(() => ({ db } = live));

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

  it('ends every stream, saying why, when the server starts draining', async () => {
    const feed = await started();
    const sinks = [
      await open(feed, ADA),
      await open(feed, BOB),
      await open(feed, CY, W2),
    ];
    live.shutdown.markShuttingDown();
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
