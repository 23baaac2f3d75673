import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../docs/api-route.decorator';
import { Public } from '../auth/public.decorator';
import { NoRateLimit } from '../rate-limit/rate-limit.guards';
import { SupabaseHealthIndicator } from '../database/supabase.health';
import { ActivityFeedHealthIndicator } from '../events/activity-feed.health';
import { AppInfoHealthIndicator } from './app-info.health';
import { EventLoopHealthIndicator } from './event-loop.health';
import { HealthCheckFilter } from './health-check.filter';
import { ProcessMemoryHealthIndicator } from './process-memory.health';
import { ShutdownState } from '../lifecycle/shutdown.state';

/** What a probe can meet before any route runs: Node's own refusals. */
const UNREADABLE_REQUEST = ApiResponse({
  status: '4XX',
  description:
    'The HTTP server could not read the request (400 malformed, 408 too slow, 431 headers too large).',
});

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
    private readonly memory: ProcessMemoryHealthIndicator,
    private readonly eventLoop: EventLoopHealthIndicator,
    private readonly appInfo: AppInfoHealthIndicator,
    private readonly liveUpdates: ActivityFeedHealthIndicator,
  ) {}

  /** Liveness: the process answers. Never touches the database. */
  @Get()
  // Kubernetes probes every few seconds from every node: never rate-limited.
  @NoRateLimit()
  @ApiRoute({
    operationId: 'liveness',
    summary: 'Liveness probe',
    description:
      'The process answers. Never touches the database; never rate-limited.',
    success: { status: 200, description: 'Alive.' },
    problems: {},
    public: true,
    rateLimited: false,
  })
  @UNREADABLE_REQUEST
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the data API serves our table, and the process is not shutting down. */
  @Get('database')
  @NoRateLimit()
  @ApiRoute({
    operationId: 'readiness',
    summary: 'Readiness probe',
    description:
      'The data API serves the customers table, answered within HEALTH_DB_TIMEOUT_MS; one ' +
      'query is shared by concurrent probes and its result reused for HEALTH_DB_CACHE_MS. ' +
      '503 from the first moment of shutdown. Never rate-limited. The body is Terminus’ ' +
      '(`status`, `info`, `error`, `details`).',
    success: { status: 200, description: 'Ready.' },
    problems: {
      503: 'Not ready: the database is unreachable or slow, or the process is shutting down.',
    },
    public: true,
    rateLimited: false,
  })
  @UNREADABLE_REQUEST
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
  @ApiRoute({
    operationId: 'detailedHealth',
    summary: 'Detailed health, for people',
    description:
      'Database, memory, event-loop delay over the last closed window, the live-update link ' +
      '(`live_updates`: up, down, or off without DATABASE_URL; open streams), build, environment and ' +
      'start time. Never a secret. Counts against the client address’ rate limit.',
    success: { status: 200, description: 'Every indicator is up.' },
    problems: {
      429: true,
      503: 'An indicator is down; `error` names it and why.',
    },
    public: true,
  })
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  detailed(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.isHealthy('database'),
      () => this.memory.isHealthy('memory'),
      () => this.eventLoop.isHealthy('event_loop'),
      () => this.liveUpdates.isHealthy('live_updates'),
      () => this.appInfo.isHealthy('app'),
    ]);
  }
}
