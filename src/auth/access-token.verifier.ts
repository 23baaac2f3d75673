import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { supabaseConfig } from '../config/supabase.config';
import type { AuthenticatedUser } from './authenticated-user';
import { SigningKeys, SigningKeysUnavailableError } from './signing-keys';

export class InvalidAccessTokenError extends Error {}

/** What Supabase signs access tokens with: asymmetric keys, published as the project's JWKS. */
const ASYMMETRIC = ['ES256', 'RS256', 'EdDSA'];
/** How long a verified token is trusted without checking it again (never past its expiry). */
const TRUST_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How long a token verified `now` may be trusted from the cache: never past its expiry, and
 * undefined (do not cache) under 1 ms, since a TTL of 0 means "never expires" to lru-cache.
 */
export function trustTtlMs(expiresAt: number, now: number): number | undefined {
  const ttl = Math.min(TRUST_MS, Math.floor(expiresAt - now));
  return ttl >= 1 ? ttl : undefined;
}

/**
 * Verifies Supabase access tokens: asymmetric ones (ES256 on new projects) with the project's
 * signing keys, and HS256 ones with the legacy JWT secret, only when one is configured.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly options: JWTVerifyOptions;
  // A client sends the same token for its whole life: verify it once, until it expires.
  private readonly verified = new LRUCache<string, AuthenticatedUser>({
    max: 10_000,
    ttl: TRUST_MS,
  });

  constructor(
    @Inject(supabaseConfig.KEY)
    config: ConfigType<typeof supabaseConfig>,
    private readonly signingKeys: SigningKeys,
  ) {
    if (config.jwtSecret)
      this.secret = new TextEncoder().encode(config.jwtSecret);
    this.options = {
      audience: 'authenticated',
      issuer: config.jwtIssuer,
      requiredClaims: ['exp', 'sub'],
    };
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const known = this.verified.get(token);
    // The cache's own TTL ends trust at expiry too; this check does not depend on it.
    if (known && known.expiresAt > Date.now()) return known;
    const user = await this.verifyOnce(token);
    const ttl = trustTtlMs(user.expiresAt, Date.now());
    if (ttl !== undefined) this.verified.set(token, user, { ttl });
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
    try {
      const { alg } = decodeProtectedHeader(token);
      // The algorithm decides the key, and each key is tried with its own algorithm only: a
      // token whose header says HS256 is never checked against a public key's bytes.
      if (alg === 'HS256' && this.secret) {
        return (
          await jwtVerify(token, this.secret, {
            ...this.options,
            algorithms: ['HS256'],
          })
        ).payload;
      }
      if (alg && ASYMMETRIC.includes(alg)) {
        return (
          await jwtVerify(
            token,
            (header, input) => this.signingKeys.keyFor(header, input),
            { ...this.options, algorithms: ASYMMETRIC },
          )
        ).payload;
      }
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) throw error;
      throw new InvalidAccessTokenError(
        error instanceof Error && 'code' in error
          ? String(error.code)
          : 'malformed token',
      );
    }
    throw new InvalidAccessTokenError('unsupported signing algorithm');
  }
}
