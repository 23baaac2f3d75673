import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ActivityFeed } from './activity-feed';
import { ActivityFeedHealthIndicator } from './activity-feed.health';
import { EventsController } from './events.controller';
import { FeedLink } from './feed-link';
import { FeedReader } from './feed-reader';
import { LiveFeedRepository } from './live-feed.repository';
import { StreamRegistry } from './stream-registry';

/** Live updates; exports the feed's health indicator for the detailed health check. */
@Module({
  imports: [LifecycleModule, TerminusModule, WorkspacesModule],
  controllers: [EventsController],
  providers: [
    LiveFeedRepository,
    StreamRegistry,
    FeedReader,
    FeedLink,
    ActivityFeed,
    ActivityFeedHealthIndicator,
  ],
  exports: [ActivityFeedHealthIndicator],
})
export class EventsModule {}
