import {
  FakeSink,
  type FakeDatabase,
  type FakeListener,
} from '../testing/live-feed.fakes';
import {
  ADA,
  BOB,
  CONFIG,
  NOW,
  settle,
  useLiveFeed,
  user,
  W1,
  W2,
} from '../testing/live-feed.harness';
import { FeedReader } from './feed-reader';

// FeedReader reads entries once per workspace: live, replayed after Last-Event-ID, members
// rechecked. Every spec here drives the whole feed as EventsModule wires it
// (src/testing/live-feed.harness.ts), and each class's behaviour has its own file.

describe(FeedReader.name, () => {
  const live = useLiveFeed();
  const { open, started } = live;
  let db: FakeDatabase;
  let listeners: FakeListener[];

  beforeEach(() => ({ db, listeners } = live));

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

  it('cuts off a slow client during a replay', async () => {
    for (const id of [1, 2, 3]) db.add(W1, id);
    const feed = await started();
    const sink = new FakeSink();
    sink.pending = CONFIG.maxBufferBytes + 1;
    await feed.open(ADA, W1, 0, sink);
    expect(sink.endReason).toBe('the client reads too slowly');
    expect(feed.openStreams).toBe(0);
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
    expect(bob.endReason).toBe('you are no longer a member of this workspace');
    expect(eve.ended).toBe(false);

    await jest.advanceTimersByTimeAsync(CONFIG.membershipCheckMs);
    expect(eve.endReason).toBe('the access token has expired');
    expect(ada.ended).toBe(false);
    expect(feed.openStreams).toBe(1);
  });
});
