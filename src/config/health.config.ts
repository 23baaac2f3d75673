import { registerAs } from '@nestjs/config';
import { currentEnv } from './env.validation';

export const healthConfig = registerAs('health', () => {
  const env = currentEnv();
  return {
    dbTimeoutMs: env.HEALTH_DB_TIMEOUT_MS,
    dbCacheMs: env.HEALTH_DB_CACHE_MS,
    heapUsedThresholdBytes: env.HEALTH_HEAP_USED_THRESHOLD_MB * 1024 * 1024,
    rssThresholdBytes: env.HEALTH_RSS_THRESHOLD_MB * 1024 * 1024,
    eventLoopDelayThresholdMs: env.HEALTH_EVENT_LOOP_DELAY_THRESHOLD_MS,
    eventLoopWindowMs: env.HEALTH_EVENT_LOOP_WINDOW_MS,
  };
});
