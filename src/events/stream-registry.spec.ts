import {
  HttpException,
  HttpStatus,
  ServiceUnavailableException,
} from '@nestjs/common';
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
  thrownBy,
  useLiveFeed,
  user,
  W1,
  W2,
} from '../testing/live-feed.harness';
import { StreamRegistry } from './stream-registry';

// StreamRegistry holds the open streams: limits, counts, heartbeats, cutting off slow clients.
// Every spec here drives the whole feed as EventsModule wires it
// (src/testing/live-feed.harness.ts), and each class's behaviour has its own file.

describe(StreamRegistry.name, () => {
  const live = useLiveFeed();
  const { open, started } = live;
  let db: FakeDatabase;
  let listeners: FakeListener[];

  beforeEach(() => ({ db, listeners } = live));

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
});
