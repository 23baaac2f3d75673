import './compile-cache';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { API_PREFIX } from './app.prefix';
import {
  NEST_APP_OPTIONS,
  configureApp,
  createFastifyAdapter,
} from './app.setup';
import { appConfig } from './config/app.config';
import { EnvValidationError } from './config/env.validation';
import { PrivilegedDatabaseRoleError } from './database/postgres-role';
import { GracefulShutdown } from './lifecycle/graceful-shutdown.service';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** First signal: drain, close, exit 0. A second one: exit at once. */
function exitOnSignals(app: NestFastifyApplication, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: string) => {
    await app.get(GracefulShutdown).drain(signal);
    await app.close();
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (stopping) {
        logger.warn(`${signal} received again, exiting now`, 'Shutdown');
        process.exit(1);
      }
      stopping = true;
      stop(signal).then(
        () => {
          logger.log('Shut down cleanly', 'Shutdown');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'Shutdown failed', 'Shutdown');
          process.exit(1);
        },
      );
    });
  }
}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    createFastifyAdapter(),
    // Nest's own console logger stays off: pino takes over in configureApp, and a
    // failed start is reported once, below.
    { ...NEST_APP_OPTIONS, logger: false, abortOnError: false },
  );
  configureApp(app);
  const logger = app.get(Logger);
  exitOnSignals(app, logger);
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(config.port, config.host);
  logger.log(
    `${config.name} ${config.version} (${config.environment}) listening on http://${config.host}:${config.port}/${API_PREFIX}`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists, plain text on stderr is the clearest report.
  // A refused configuration is the operator's to fix: its message says how, no stack needed.
  const message =
    error instanceof EnvValidationError ||
    error instanceof PrivilegedDatabaseRoleError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`Start-up failed: ${message}\n`);
  process.exit(1);
});
