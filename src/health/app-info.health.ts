import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { appConfig } from '../config/app.config';

/** What people ask first when something is off: which build, where, since when. */
@Injectable()
export class AppInfoHealthIndicator {
  private readonly startedAt = new Date(Date.now() - process.uptime() * 1000);

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  isHealthy(key: string): HealthIndicatorResult {
    return this.indicators.check(key).up({
      name: this.app.name,
      version: this.app.version,
      environment: this.app.environment,
      node: process.version,
      started_at: this.startedAt.toISOString(),
      uptime_s: Math.round(process.uptime()),
    });
  }
}
