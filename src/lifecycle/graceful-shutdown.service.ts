import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { setTimeout as sleep } from 'node:timers/promises';
import { appConfig } from '../config/app.config';
import { ShutdownState } from './shutdown.state';

/**
 * Kubernetes removes a terminating pod from its Service while traffic is still arriving, so on a
 * signal readiness turns 503 at once and the server keeps serving for SHUTDOWN_GRACE_MS before
 * the application closes.
 */
@Injectable()
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly state: ShutdownState,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async drain(signal: string): Promise<void> {
    this.state.markShuttingDown();
    this.logger.log(
      `${signal} received: readiness is down, serving ${this.app.shutdownGraceMs} ms more`,
    );
    await sleep(this.app.shutdownGraceMs);
  }
}
