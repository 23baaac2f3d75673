import { registerAs } from '@nestjs/config';
import { currentEnv } from './env.validation';

export const appConfig = registerAs('app', () => {
  const env = currentEnv();
  return {
    environment: env.NODE_ENV,
    name: env.PROJECT_NAME,
    version: env.PROJECT_VERSION,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
  };
});
