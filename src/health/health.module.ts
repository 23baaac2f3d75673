import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventsModule } from '../events/events.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { AppInfoHealthIndicator } from './app-info.health';
import { EventLoopHealthIndicator } from './event-loop.health';
import { HealthController } from './health.controller';
import { ProcessMemoryHealthIndicator } from './process-memory.health';

/**
 * Probes and detailed health. A feature's indicator comes from its module (events exports the
 * feed's); the data API's from the global DatabaseModule; the process' own live here.
 */
@Module({
  // Failed probes are logged once per state change by the indicators, not on every probe.
  imports: [
    TerminusModule.forRoot({ logger: false }),
    LifecycleModule,
    EventsModule,
  ],
  controllers: [HealthController],
  providers: [
    ProcessMemoryHealthIndicator,
    EventLoopHealthIndicator,
    AppInfoHealthIndicator,
  ],
})
export class HealthModule {}
