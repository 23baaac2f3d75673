import {
  HttpException,
  HttpStatus,
  Injectable,
  type ExecutionContext,
} from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';

/** 429 with a standard Retry-After (the throttler would name it after the throttler). */
export class TooManyRequestsException extends HttpException {
  readonly headers: Record<string, string>;

  constructor(retryAfterSeconds: number) {
    super(
      'Too many requests; retry after the time given in Retry-After.',
      HttpStatus.TOO_MANY_REQUESTS,
    );
    this.headers = {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    };
  }
}

/** A ThrottlerGuard that applies one named throttler only, so guards can run in a set order. */
abstract class NamedThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

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

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ user?: unknown }>();
    return Promise.resolve(!request.user);
  }
}
