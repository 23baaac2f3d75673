import {
  applyDecorators,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import { HttpExceptionWithHeaders } from '../common/http-exception-with-headers';

/** 429 with a standard Retry-After (the throttler would name it after the throttler). */
export class TooManyRequestsException extends HttpExceptionWithHeaders {
  constructor(retryAfterSeconds: number) {
    super(
      'Too many requests; retry after the time given in Retry-After.',
      HttpStatus.TOO_MANY_REQUESTS,
      { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    );
  }
}

export const NO_RATE_LIMIT = 'noRateLimit';

/** The answer's header API, as Fastify's reply has it. */
export interface RateLimitedReply {
  getHeader(name: string): string | undefined;
  header(name: string, value: string): unknown;
}

/** What a client may know of one budget (draft-ietf-httpapi-ratelimit-headers). */
export interface RateLimitState {
  policy: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * Adds a budget to the answer's `RateLimit-Policy` ("ip";q=1200;w=60) and `RateLimit`
 * ("ip";r=1199;t=58) fields; each guard adds its own, so an answer names every budget it spent.
 */
export function appendRateLimitFields(
  reply: RateLimitedReply,
  state: RateLimitState,
): void {
  const append = (name: string, item: string) => {
    const current = reply.getHeader(name);
    reply.header(name, current ? `${current}, ${item}` : item);
  };
  append(
    RATE_LIMIT_POLICY_HEADER,
    `"${state.policy}";q=${state.quota};w=${state.windowSeconds}`,
  );
  append(
    RATE_LIMIT_HEADER,
    `"${state.policy}";r=${state.remaining};t=${Math.max(0, Math.ceil(state.resetSeconds))}`,
  );
}

export const RATE_LIMIT_HEADER = 'RateLimit';
export const RATE_LIMIT_POLICY_HEADER = 'RateLimit-Policy';

/**
 * Exempts a route handler from every rate limit (Kubernetes probes). The address budget reads it
 * from Fastify's route config, which Nest fills per handler: put it on handlers, not classes.
 */
export const NoRateLimit = () =>
  applyDecorators(
    SetMetadata(NO_RATE_LIMIT, true),
    RouteConfig({ [NO_RATE_LIMIT]: true }),
  );

/** A ThrottlerGuard that applies one named throttler only, so guards can run in a set order. */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  // Each guard reads the route metadata of its own throttler only, not of both.
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = this.throttlers.filter(
      (throttler) => throttler.name === this.throttlerName,
    );
  }

  // One metadata read decides exempt routes, before the throttler's per-name lookups.
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(
      this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [
        context.getHandler(),
        context.getClass(),
      ]) === true,
    );
  }

  /** The throttler's count, with the IETF RateLimit fields on the answer, allowed or not. */
  protected override async handleRequest(
    request: ThrottlerRequest,
  ): Promise<boolean> {
    const { context, limit, ttl, blockDuration } = request;
    const { req, res } = this.getRequestResponse(context);
    const tracker = await request.getTracker(req, context);
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } =
      await this.storageService.increment(
        request.generateKey(context, tracker, this.throttlerName),
        ttl,
        limit,
        blockDuration,
        this.throttlerName,
      );
    appendRateLimitFields(res as RateLimitedReply, {
      policy: this.throttlerName,
      quota: limit,
      windowSeconds: Math.round(ttl / 1000),
      remaining: Math.max(0, limit - totalHits),
      resetSeconds: isBlocked ? timeToBlockExpire : timeToExpire,
    });
    if (isBlocked) throw new TooManyRequestsException(timeToBlockExpire);
    return true;
  }
}

/** Per signed-in user, after authentication, across every route. */
@Injectable()
export class UserRateLimitGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = 'user';

  protected override async shouldSkip(
    context: ExecutionContext,
  ): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ user?: unknown }>();
    return !request.user || (await super.shouldSkip(context));
  }
}
