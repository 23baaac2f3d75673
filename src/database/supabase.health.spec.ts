import { HealthIndicatorService } from '@nestjs/terminus';
import type { ConfigType } from '@nestjs/config';
import type { healthConfig } from '../config/health.config';
import { SupabaseHealthIndicator } from './supabase.health';
import type { ProbeResult, SupabaseProbe } from './supabase.probe';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe(SupabaseHealthIndicator.name, () => {
  let check: jest.Mock<Promise<ProbeResult>, []>;
  let sut: SupabaseHealthIndicator;
  const config = { dbCacheMs: 1000 } as ConfigType<typeof healthConfig>;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    check = jest.fn<Promise<ProbeResult>, []>();
    sut = new SupabaseHealthIndicator(
      new HealthIndicatorService(),
      { check } as unknown as SupabaseProbe,
      config,
    );
  });

  afterEach(() => jest.useRealTimers());

  it('shares one query among concurrent probes', async () => {
    const answer = deferred<ProbeResult>();
    check.mockReturnValueOnce(answer.promise);
    const probes = Array.from({ length: 50 }, () => sut.isHealthy('database'));
    answer.resolve({ up: true, responseTimeMs: 3 });
    const results = await Promise.all(probes);
    expect(check).toHaveBeenCalledTimes(1);
    expect(results[49]).toMatchObject({
      database: { status: 'up', responseTimeMs: 3 },
    });
  });

  it('reuses a result within the cache window and asks again after it', async () => {
    check.mockResolvedValue({ up: true, responseTimeMs: 2 });
    await sut.isHealthy('database');
    jest.advanceTimersByTime(999);
    await sut.isHealthy('database');
    expect(check).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(2);
    await sut.isHealthy('database');
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('caches a failure too, and reports when the data API was last up', async () => {
    check.mockResolvedValueOnce({ up: true, responseTimeMs: 2 });
    const upAt = new Date().toISOString();
    await sut.isHealthy('database');
    jest.advanceTimersByTime(1500);
    check.mockResolvedValue({
      up: false,
      responseTimeMs: 800,
      reason: 'no answer within 800 ms',
    });
    const down = await sut.isHealthy('database');
    await sut.isHealthy('database');
    expect(check).toHaveBeenCalledTimes(2);
    expect(down).toEqual({
      database: {
        status: 'down',
        message: 'no answer within 800 ms',
        responseTimeMs: 800,
        checked_at: expect.any(String) as unknown,
        last_up_at: upAt,
      },
    });
  });
});
