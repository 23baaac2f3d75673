import { WindowCounterStorage } from './window-counter.storage';

const MINUTE = 60_000;

describe(WindowCounterStorage.name, () => {
  let storage: WindowCounterStorage;
  const hit = (key = 'ip:192.0.2.1', limit = 3, blockDuration = MINUTE) =>
    storage.increment(key, MINUTE, limit, blockDuration, 'ip');

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z') });
    storage = new WindowCounterStorage();
  });

  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts each client apart, and says when its window starts again', async () => {
    await hit();
    jest.advanceTimersByTime(20_000);
    expect(await hit()).toEqual({
      totalHits: 2,
      timeToExpire: 40,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(await hit('ip:192.0.2.2')).toMatchObject({ totalHits: 1 });
  });

  it('refuses past the limit for the block duration, without counting refused requests', async () => {
    for (let i = 0; i < 3; i++) await hit();
    jest.advanceTimersByTime(10_000);
    expect(await hit('ip:192.0.2.1', 3, 30_000)).toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    jest.advanceTimersByTime(29_000);
    expect(await hit('ip:192.0.2.1', 3, 30_000)).toMatchObject({
      totalHits: 4,
      isBlocked: true,
      timeToBlockExpire: 1,
    });
  });

  it('starts from zero once the window has passed, before any sweep', async () => {
    // The sweeper runs once a minute from the first request; this window lasts 10 s.
    await hit('ip:192.0.2.8');
    const short = () =>
      storage.increment('ip:192.0.2.1', 10_000, 3, 10_000, 'ip');
    for (let i = 0; i < 2; i++) await short();
    jest.advanceTimersByTime(10_000);
    expect(await short()).toEqual({
      totalHits: 1,
      timeToExpire: 10,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('keeps a block that outlasts the window', async () => {
    for (let i = 0; i < 3; i++) await hit();
    jest.advanceTimersByTime(50_000);
    await hit('ip:192.0.2.1', 3, 5 * MINUTE);
    jest.advanceTimersByTime(MINUTE);
    expect(await hit()).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 4 * 60,
    });
  });

  it('forgets clients whose window and block have ended', async () => {
    await hit('ip:192.0.2.1');
    await hit('ip:192.0.2.2');
    jest.advanceTimersByTime(30_000);
    await hit('ip:192.0.2.3');
    expect(storage.size).toBe(3);
    jest.advanceTimersByTime(30_000);
    expect(storage.size).toBe(1);
    jest.advanceTimersByTime(MINUTE);
    expect(storage.size).toBe(0);
  });

  it('costs the same whatever the limit: one counter per client, not one entry per request', async () => {
    for (let i = 0; i < 10_000; i++) await hit('ip:192.0.2.9', 1_000_000);
    expect(storage.size).toBe(1);
    expect(await hit('ip:192.0.2.9', 1_000_000)).toMatchObject({
      totalHits: 10_001,
    });
  });
});
