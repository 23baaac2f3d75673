import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import {
  ThrottlerModule,
  type ThrottlerModuleOptions,
} from '@nestjs/throttler';
import { securityConfig } from '../config/security.config';
import { AddressRateLimit } from './address-rate-limit.hook';
import { UserRateLimitGuard } from './rate-limit.guards';
import { WindowCounterStorage } from './window-counter.storage';

/** One budget per client across all routes, not one per route. */
const perClient = (_context: unknown, tracker: string, name: string) =>
  `${name}:${tracker}`;

/**
 * The throttler's budget per signed-in user, and the store it shares with the budget per client
 * address (AddressRateLimit, a Fastify hook rather than a throttler).
 */
export function rateLimitOptions(
  security: ConfigType<typeof securityConfig>,
): ThrottlerModuleOptions {
  return {
    setHeaders: false,
    storage: new WindowCounterStorage(),
    throttlers: [
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
 * This module provides the address budget, which configureApp hooks into Fastify's onRequest:
 * it runs before the body is read and before authentication, so that floods of bad bodies and
 * bad tokens spend it too. UserRateLimitModule registers the user budget, a global guard that
 * needs the user: AppModule imports it after AuthModule, and global guards run in that order.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [securityConfig.KEY],
      useFactory: rateLimitOptions,
    }),
  ],
  providers: [AddressRateLimit],
})
export class RateLimitModule {}

/** The per-user budget, across every route; runs after AuthGuard has set the user. */
@Module({
  providers: [{ provide: APP_GUARD, useClass: UserRateLimitGuard }],
})
export class UserRateLimitModule {}
