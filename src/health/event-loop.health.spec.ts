import type { ConfigType } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { setTimeout as sleep } from 'node:timers/promises';
import type { healthConfig } from '../config/health.config';
import { EventLoopHealthIndicator } from './event-loop.health';

/** Holds the event loop for `ms`, as a slow synchronous handler would. */
function block(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy on purpose
  }
}

describe(EventLoopHealthIndicator.name, () => {
  let sut: EventLoopHealthIndicator;

  function indicator(eventLoopWindowMs: number) {
    sut = new EventLoopHealthIndicator(new HealthIndicatorService(), {
      eventLoopDelayThresholdMs: 100,
      eventLoopWindowMs,
    } as ConfigType<typeof healthConfig>);
    return sut;
  }

  const maxMs = () =>
    (sut.isHealthy('event_loop').event_loop as unknown as { maxMs: number })
      .maxMs;

  afterEach(() => sut.onModuleDestroy());

  it('reports a stall to every reader, not only the first', async () => {
    indicator(60_000);
    await sleep(50);
    block(250);
    await sleep(50);
    expect(maxMs()).toBeGreaterThanOrEqual(200);
    expect(maxMs()).toBeGreaterThanOrEqual(200);
  });

  it('reports the last closed window until the next one closes', async () => {
    indicator(300);
    await sleep(50);
    block(200);
    await sleep(100); // the first window has closed, with the stall in it
    expect(sut.isHealthy('event_loop').event_loop).toMatchObject({
      windowMs: 300,
    });
    expect(maxMs()).toBeGreaterThanOrEqual(150);
    await sleep(300); // a quiet window has closed since
    expect(maxMs()).toBeLessThan(150);
  });
});
