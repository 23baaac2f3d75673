import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { healthConfig } from '../config/health.config';
import { SupabaseProbe, type ProbeResult } from './supabase.probe';

interface CachedProbe {
  result: ProbeResult;
  checkedAt: number;
}

/**
 * Readiness of the data API. However many probes arrive, at most one query is in flight, and
 * its result (good or bad) is reused for HEALTH_DB_CACHE_MS so a dead database is not hammered.
 */
@Injectable()
export class SupabaseHealthIndicator {
  private cached?: CachedProbe;
  private inFlight?: Promise<CachedProbe>;
  private lastUpAt?: number;
  private readonly logger = new Logger('Readiness');

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: SupabaseProbe,
    @Inject(healthConfig.KEY)
    private readonly health: ConfigType<typeof healthConfig>,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const { result, checkedAt } = await this.latest();
    const checked_at = new Date(checkedAt).toISOString();
    if (result.up) {
      return indicator.up({
        responseTimeMs: result.responseTimeMs,
        checked_at,
      });
    }
    return indicator.down({
      message: result.reason,
      responseTimeMs: result.responseTimeMs,
      checked_at,
      last_up_at: this.lastUpAt ? new Date(this.lastUpAt).toISOString() : null,
    });
  }

  private latest(): Promise<CachedProbe> {
    if (
      this.cached &&
      Date.now() - this.cached.checkedAt < this.health.dbCacheMs
    ) {
      return Promise.resolve(this.cached);
    }
    this.inFlight ??= this.probe
      .check()
      .then((result) => {
        const checkedAt = Date.now();
        this.logChange(result);
        if (result.up) this.lastUpAt = checkedAt;
        this.cached = { result, checkedAt };
        return this.cached;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** One line when the state flips, rather than one per probe. */
  private logChange(result: ProbeResult): void {
    const wasUp = this.cached?.result.up;
    if (result.up && wasUp === false) this.logger.log('Data API is back');
    if (!result.up && wasUp !== false)
      this.logger.warn(`Data API is down: ${result.reason}`);
  }
}
