import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.validation';

export const appConfig = registerAs('app', () => {
  const env = validateEnv(process.env);
  return {
    environment: env.NODE_ENV,
    name: env.PROJECT_NAME,
    version: env.PROJECT_VERSION,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
  };
});
