import {
  type ExecutionContext,
  HttpStatus,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';
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

/** Exempts a controller or route from every rate limit (Kubernetes probes). */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT, true);

/** A ThrottlerGuard that applies one named throttler only, so guards can run in a set order. */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  // One metadata read decides exempt routes, before the throttler's per-name lookups.
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(
      this.reflector.getAllAndOverride<boolean>(NO_RATE_LIMIT, [
        context.getHandler(),
        context.getClass(),
      ]) === true,
    );
  }

  protected override handleRequest(
    request: ThrottlerRequest,
  ): Promise<boolean> {
    if (request.throttler.name !== this.throttlerName)
      return Promise.resolve(true);
    return super.handleRequest(request);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new TooManyRequestsException(detail.timeToBlockExpire);
  }
}

/** Per client address, before authentication: bounds floods of bad tokens too. */
@Injectable()
export class IpRateLimitGuard extends NamedThrottlerGuard {
  protected readonly throttlerName = 'ip';
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
