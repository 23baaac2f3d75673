import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import {
  ThrottlerModule,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import { securityConfig } from '../config/security.config';
import { IpRateLimitGuard, UserRateLimitGuard } from './rate-limit.guards';
import { WindowCounterStorage } from './window-counter.storage';

/** One budget per client across all routes, not one per route. */
const perClient = (_context: unknown, tracker: string, name: string) =>
  `${name}:${tracker}`;

/** The two budgets: per client address (request.ip, see TRUST_PROXY) and per signed-in user. */
export function rateLimitOptions(
  security: ConfigType<typeof securityConfig>,
): ThrottlerModuleOptions {
  return {
    setHeaders: false,
    storage: new WindowCounterStorage(),
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
  };
}

/**
 * Request budgets per client address and per user. The store is this process's memory: with N
 * pods a client gets up to N times the budget (a shared limit needs a shared store).
 *
 * This module registers the address budget, which runs before authentication so that floods
 * of bad tokens spend it too; UserRateLimitModule registers the user budget, which needs the
 * user. Global guards run in the order their modules are imported: AppModule imports this one,
 * then AuthModule, then UserRateLimitModule.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: IpRateLimitGuard }],
})
export class RateLimitModule {}

/** The per-user budget, across every route; runs after AuthGuard has set the user. */
@Module({
  providers: [{ provide: APP_GUARD, useClass: UserRateLimitGuard }],
})
export class UserRateLimitModule {}
