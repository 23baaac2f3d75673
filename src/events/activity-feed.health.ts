import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { ActivityFeed } from './activity-feed';

/** The live-update link to the database, and how many streams this pod holds. */
@Injectable()
export class ActivityFeedHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly feed: ActivityFeed,
  ) {}

  isHealthy(key: string): HealthIndicatorResult {
    const indicator = this.indicators.check(key);
    const details = { link: this.feed.link, streams: this.feed.openStreams };
    // 'off': no DATABASE_URL, allowed in development and test only (database/postgres-listener.ts).
    return this.feed.link === 'down'
      ? indicator.down(details)
      : indicator.up(details);
  }
}
