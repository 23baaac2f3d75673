import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.validation';

export const securityConfig = registerAs('security', () => {
  const env = validateEnv(process.env);
  return {
    secretKey: env.SECRET_KEY,
    accessTokenExpireMinutes: env.ACCESS_TOKEN_EXPIRE_MINUTES,
    rateLimitWindowMs: env.RATE_LIMIT_WINDOW_MS,
    rateLimitPerIp: env.RATE_LIMIT_PER_IP,
    rateLimitPerUser: env.RATE_LIMIT_PER_USER,
  };
});
