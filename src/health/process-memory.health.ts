import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { healthConfig } from '../config/health.config';

const MB = 1024 * 1024;

/** Heap used and RSS against their thresholds, with the figures (Terminus' own gives none). */
@Injectable()
export class ProcessMemoryHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(healthConfig.KEY)
    private readonly health: ConfigType<typeof healthConfig>,
  ) {}

  isHealthy(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const { heapUsed, rss } = process.memoryUsage();
    const details = {
      heapUsedMb: Math.round(heapUsed / MB),
      heapUsedThresholdMb: Math.round(this.health.heapUsedThresholdBytes / MB),
      rssMb: Math.round(rss / MB),
      rssThresholdMb: Math.round(this.health.rssThresholdBytes / MB),
    };
    const over = [
      heapUsed > this.health.heapUsedThresholdBytes && 'heap used',
      rss > this.health.rssThresholdBytes && 'RSS',
    ].filter(Boolean);
    if (over.length > 0) {
      return indicator.down({
        message: `${over.join(' and ')} over threshold`,
        ...details,
      });
    }
    return indicator.up(details);
  }
}
