import { Global, Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { ActivityFeed } from './activity-feed';
import { EventsController } from './events.controller';

/** Live updates. Global: the detailed health check reports the feed's database link. */
@Global()
@Module({
  imports: [HealthModule, WorkspacesModule],
  controllers: [EventsController],
  providers: [ActivityFeed],
  exports: [ActivityFeed],
})
export class EventsModule {}
