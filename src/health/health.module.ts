import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SupabaseHealthIndicator } from '../database/supabase.health';
import { ActivityFeedHealthIndicator } from '../events/activity-feed.health';
import { AppInfoHealthIndicator } from './app-info.health';
import { EventLoopHealthIndicator } from './event-loop.health';
import { GracefulShutdown } from './graceful-shutdown.service';
import { HealthController } from './health.controller';
import { ProcessMemoryHealthIndicator } from './process-memory.health';
import { ShutdownState } from './shutdown.state';

@Module({
  // Failed probes are logged once per state change by the indicators, not on every probe.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    ShutdownState,
    GracefulShutdown,
    SupabaseHealthIndicator,
    ProcessMemoryHealthIndicator,
    EventLoopHealthIndicator,
    AppInfoHealthIndicator,
    ActivityFeedHealthIndicator,
  ],
  exports: [GracefulShutdown, ShutdownState],
})
export class HealthModule {}
