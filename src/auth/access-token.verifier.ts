import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { supabaseConfig } from '../config/supabase.config';
import type { AuthenticatedUser } from './authenticated-user';

export class InvalidAccessTokenError extends Error {}

const ASYMMETRIC = ['RS256', 'ES256', 'EdDSA'];
/** How long a verified token is trusted without checking it again (never past its expiry). */
const TRUST_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies Supabase access tokens: HS256 with the project's JWT secret, and, when a JWKS URL is
 * configured, the asymmetric signing keys hosted projects now use.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly secret: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  // A client sends the same token for its whole life: verify it once, until it expires.
  private readonly verified = new LRUCache<string, AuthenticatedUser>({
    max: 10_000,
    ttl: TRUST_MS,
  });

  constructor(
    @Inject(supabaseConfig.KEY)
    config: ConfigType<typeof supabaseConfig>,
  ) {
    this.secret = new TextEncoder().encode(config.jwtSecret);
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.verified.get(token);
    if (known) return known;
    const user = await this.verifyOnce(token);
    this.verified.set(token, user, {
      ttl: Math.min(TRUST_MS, user.expiresAt - Date.now()),
    });
    return user;
  }

  private async verifyOnce(token: string): Promise<AuthenticatedUser> {
    const payload = await this.verifySignature(token);
    if (payload.role !== 'authenticated') {
      throw new InvalidAccessTokenError('the token is not a signed-in user’s');
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) {
      throw new InvalidAccessTokenError('the token names no user');
    }
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    return {
      id: payload.sub,
      email,
      accessToken: token,
      expiresAt: payload.exp! * 1000,
    };
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    const options = {
      audience: 'authenticated',
      requiredClaims: ['exp', 'sub'],
    };
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256') {
        return (
          await jwtVerify(token, this.secret, {
            ...options,
            algorithms: ['HS256'],
          })
        ).payload;
      }
      if (this.jwks && alg && ASYMMETRIC.includes(alg)) {
        return (
          await jwtVerify(token, this.jwks, {
            ...options,
            algorithms: ASYMMETRIC,
          })
        ).payload;
      }
    } catch (error) {
      throw new InvalidAccessTokenError(
        error instanceof Error && 'code' in error
          ? String(error.code)
          : 'malformed token',
      );
    }
    throw new InvalidAccessTokenError('unsupported signing algorithm');
  }
}
