import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { NoRateLimit } from '../rate-limit/rate-limit.guards';
import { SupabaseHealthIndicator } from '../database/supabase.health';
import { AppInfoHealthIndicator } from './app-info.health';
import { EventLoopHealthIndicator } from './event-loop.health';
import { HealthCheckFilter } from './health-check.filter';
import { MemoryHealthIndicator } from './memory.health';
import { ShutdownState } from './shutdown.state';

@Public()
@ApiTags('health')
@Controller('health')
@UseFilters(HealthCheckFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    private readonly database: SupabaseHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly eventLoop: EventLoopHealthIndicator,
    private readonly appInfo: AppInfoHealthIndicator,
  ) {}

  /** Liveness: the process answers. Never touches the database. */
  @Get()
  // Kubernetes probes every few seconds from every node: never rate-limited.
  @NoRateLimit()
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the data API serves our table, and the process is not shutting down. */
  @Get('database')
  @NoRateLimit()
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  readiness(): Promise<HealthCheckResult> {
    if (this.shutdown.shuttingDown) {
      return this.health.check([
        () =>
          this.indicators.check('lifecycle').down({ message: 'shutting down' }),
      ]);
    }
    return this.health.check([() => this.database.isHealthy('database')]);
  }

  /**
   * For people: everything above plus memory, event loop and build. Never a secret. Public, so
   * it spends the caller's address budget like any other route.
   */
  @Get('detailed')
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  detailed(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.isHealthy('database'),
      () => this.memory.isHealthy('memory'),
      () => this.eventLoop.isHealthy('event_loop'),
      () => this.appInfo.isHealthy('app'),
    ]);
  }
}
