import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { securityConfig } from '../config/security.config';
import {
  appendRateLimitFields,
  NO_RATE_LIMIT,
  type RateLimitedReply,
  TooManyRequestsException,
} from './rate-limit.guards';

/** What the address budget reads of a request: Fastify's, once its route is matched. */
export interface AddressedRequest {
  ip: string;
  routeOptions: { config?: unknown };
}

/**
 * The budget per client address (request.ip, see TRUST_PROXY). Spent in Fastify's onRequest
 * hook, before the body is read and before any guard: floods of bad tokens and of bodies refused
 * as 400, 413 or 415 spend it too, an address over it is refused without its body being parsed,
 * and routes Nest does not own (the documentation's) count like any other.
 */
@Injectable()
export class AddressRateLimit {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly windowSeconds: number;

  constructor(
    @Inject(securityConfig.KEY)
    security: ConfigType<typeof securityConfig>,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
  ) {
    this.limit = security.rateLimitPerIp;
    this.windowMs = security.rateLimitWindowMs;
    this.windowSeconds = Math.round(this.windowMs / 1000);
  }

  /** Spends one request of its address's budget, with the RateLimit fields; a 429 past it. */
  async spend(
    request: AddressedRequest,
    reply: RateLimitedReply,
  ): Promise<void> {
    const config = request.routeOptions.config as
      Record<string, unknown> | undefined;
    if (config?.[NO_RATE_LIMIT] === true) return;
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } =
      await this.storage.increment(
        `ip:${request.ip}`,
        this.windowMs,
        this.limit,
        // Past its budget an address waits out the window, as the throttler's default block.
        this.windowMs,
        'ip',
      );
    appendRateLimitFields(reply, {
      policy: 'ip',
      quota: this.limit,
      windowSeconds: this.windowSeconds,
      remaining: Math.max(0, this.limit - totalHits),
      resetSeconds: isBlocked ? timeToBlockExpire : timeToExpire,
    });
    if (isBlocked) throw new TooManyRequestsException(timeToBlockExpire);
  }
}

/**
 * Hooks the address budget into every route of the app. Call it before routes and plugins are
 * registered (a plugin's context copies the hooks it finds), and after CORS, so that a 429 still
 * names the allowed origin for the browser to read it.
 */
export function useAddressRateLimit(app: NestFastifyApplication): void {
  const budget = app.get(AddressRateLimit);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply) =>
      // This app sets the RateLimit fields as strings only.
      budget.spend(request, reply as RateLimitedReply),
    );
}
