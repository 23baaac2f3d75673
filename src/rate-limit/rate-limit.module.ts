import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { securityConfig } from '../config/security.config';

/** One budget per client across all routes, not one per route. */
const perClient = (_context: unknown, tracker: string, name: string) =>
  `${name}:${tracker}`;

/**
 * Request budgets per client address and per user. The store is this process's memory: with N
 * pods a client gets up to N times the budget (a shared limit needs a shared store).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      useFactory: (security: ConfigType<typeof securityConfig>) => ({
        setHeaders: false,
        throttlers: [
          {
            name: 'ip',
            ttl: security.rateLimitWindowMs,
            limit: security.rateLimitPerIp,
            generateKey: perClient,
          },
          {
            name: 'user',
            ttl: security.rateLimitWindowMs,
            limit: security.rateLimitPerUser,
            generateKey: perClient,
            getTracker: (req: { user?: { id: string } }) => req.user?.id ?? '',
          },
        ],
      }),
    }),
  ],
})
export class RateLimitModule {}
