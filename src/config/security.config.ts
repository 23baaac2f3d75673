import { registerAs } from '@nestjs/config';
import { currentEnv } from './env.validation';

export const securityConfig = registerAs('security', () => {
  const env = currentEnv();
  return {
    secretKey: env.SECRET_KEY,
    accessTokenExpireMinutes: env.ACCESS_TOKEN_EXPIRE_MINUTES,
    rateLimitWindowMs: env.RATE_LIMIT_WINDOW_MS,
    rateLimitPerIp: env.RATE_LIMIT_PER_IP,
    rateLimitPerUser: env.RATE_LIMIT_PER_USER,
  };
});
