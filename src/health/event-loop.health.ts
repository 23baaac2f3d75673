import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { monitorEventLoopDelay } from 'node:perf_hooks';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;
import { healthConfig } from '../config/health.config';

const NS_PER_MS = 1e6;
const RESOLUTION_MS = 20;

interface DelayWindow {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  windowMs: number;
}

/** Samples span one sampling interval plus the delay; the figures report the delay alone. */
function delayMs(ns: number): number {
  return Math.max(0, Math.round((ns / NS_PER_MS - RESOLUTION_MS) * 10) / 10);
}

function summary(histogram: IntervalHistogram, windowMs: number): DelayWindow {
  return {
    p50Ms: delayMs(histogram.percentile(50)),
    p99Ms: delayMs(histogram.percentile(99)),
    maxMs: delayMs(histogram.max),
    windowMs,
  };
}

/**
 * Event-loop delay over fixed windows of HEALTH_EVENT_LOOP_WINDOW_MS: a busy or blocked loop
 * delays every request. Reading the figures changes nothing, so no caller can hide a stall.
 */
@Injectable()
export class EventLoopHealthIndicator implements OnModuleDestroy {
  private readonly histogram = monitorEventLoopDelay({
    resolution: RESOLUTION_MS,
  });
  private readonly timer: NodeJS.Timeout;
  private lastWindow?: DelayWindow;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(healthConfig.KEY)
    private readonly health: ConfigType<typeof healthConfig>,
  ) {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.lastWindow = summary(this.histogram, health.eventLoopWindowMs);
      this.histogram.reset();
    }, health.eventLoopWindowMs).unref();
  }

  isHealthy(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    // Until the first window closes, the figures so far.
    const window =
      this.lastWindow ?? summary(this.histogram, this.health.eventLoopWindowMs);
    const details = {
      ...window,
      thresholdMs: this.health.eventLoopDelayThresholdMs,
    };
    if (details.p99Ms > details.thresholdMs) {
      return indicator.down({
        message: `event-loop delay p99 ${details.p99Ms} ms is over ${details.thresholdMs} ms`,
        ...details,
      });
    }
    return indicator.up(details);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
