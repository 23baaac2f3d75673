import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { healthConfig } from '../config/health.config';

const NS_PER_MS = 1e6;
const RESOLUTION_MS = 20;

/** Event-loop delay since the previous check: a busy or blocked loop delays every request. */
@Injectable()
export class EventLoopHealthIndicator implements OnModuleDestroy {
  private readonly histogram = monitorEventLoopDelay({
    resolution: RESOLUTION_MS,
  });

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(healthConfig.KEY)
    private readonly health: ConfigType<typeof healthConfig>,
  ) {
    this.histogram.enable();
  }

  isHealthy(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    // Samples span one sampling interval plus the delay; report the delay alone.
    const round = (ns: number) =>
      Math.max(0, Math.round((ns / NS_PER_MS - RESOLUTION_MS) * 10) / 10);
    const details = {
      p50Ms: round(this.histogram.percentile(50)),
      p99Ms: round(this.histogram.percentile(99)),
      maxMs: round(this.histogram.max),
      thresholdMs: this.health.eventLoopDelayThresholdMs,
    };
    this.histogram.reset();
    if (details.p99Ms > details.thresholdMs) {
      return indicator.down({
        message: `event-loop delay p99 ${details.p99Ms} ms is over ${details.thresholdMs} ms`,
        ...details,
      });
    }
    return indicator.up(details);
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}
