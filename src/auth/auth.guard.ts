import {
  type CanActivate,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HttpExceptionWithHeaders } from '../common/http-exception-with-headers';
import { Reflector } from '@nestjs/core';
import {
  AccessTokenVerifier,
  InvalidAccessTokenError,
} from './access-token.verifier';
import type { RequestWithUser } from './current-user.decorator';
import { SigningKeysUnavailableError } from './signing-keys';
import { IS_PUBLIC } from './public.decorator';

/** Bearer token in the RFC 6750 sense: one scheme, one token. */
const BEARER = /^Bearer ([A-Za-z0-9\-_.]+)$/;

/** A 401 that tells the client how to authenticate (RFC 6750 section 3). */
export class BearerChallengeException extends HttpExceptionWithHeaders {
  constructor(detail: string, challenge: string) {
    super(detail, HttpStatus.UNAUTHORIZED, { 'WWW-Authenticate': challenge });
  }
}

/** Every route needs a valid Supabase access token unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const header = request.headers.authorization;
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!token) {
      throw new BearerChallengeException(
        'A bearer access token is required.',
        'Bearer realm="visual-crm"',
      );
    }
    try {
      request.user = await this.verifier.verify(token);
      return true;
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) {
        throw new ServiceUnavailableException(
          'Access tokens cannot be verified right now; try again shortly.',
        );
      }
      if (!(error instanceof InvalidAccessTokenError)) throw error;
      throw new BearerChallengeException(
        'The access token is invalid or has expired.',
        'Bearer realm="visual-crm", error="invalid_token"',
      );
    }
  }
}
