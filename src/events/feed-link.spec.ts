import { Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  type FakeDatabase,
  type FakeListener,
} from '../testing/live-feed.fakes';
import {
  ADA,
  BOB,
  CONFIG,
  CY,
  settle,
  useLiveFeed,
  W1,
  W2,
} from '../testing/live-feed.harness';
import { FeedLink } from './feed-link';

// FeedLink learns of new entries: the LISTEN link, its reconnects, the safety poll. Every spec here
// drives the whole feed as EventsModule wires it (src/testing/live-feed.harness.ts), and each
// class's behaviour has its own file.

describe(FeedLink.name, () => {
  const live = useLiveFeed();
  const { open, started, stop } = live;
  let db: FakeDatabase;
  let listeners: FakeListener[];

  beforeEach(() => ({ db, listeners } = live));

  it('answers 503 while the link is down, and admits once it is back', async () => {
    live.refusedConnections = 1;
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

  it('stops without taking its own disconnect for a lost link', async () => {
    const feed = await started();
    const warn = jest.spyOn(Logger.prototype, 'warn');
    await stop(feed);
    jest.advanceTimersByTime(60_000);
    expect(warn).not.toHaveBeenCalled();
    expect(listeners).toHaveLength(1);
  });

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
});
