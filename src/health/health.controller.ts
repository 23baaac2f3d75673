import { Controller, Get, Header } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
} from '@nestjs/terminus';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService) {}

  /** Liveness: the process answers. Never touches the database. */
  @Get()
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}
