import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type FlattenedJWSInput,
  createLocalJWKSet,
  errors,
} from 'jose';
import { request } from 'undici';
import { supabaseConfig } from '../config/supabase.config';

/** The project's signing keys could not be had: tokens cannot be verified (503, not 401). */
export class SigningKeysUnavailableError extends Error {}

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

/** A refresh for an unknown `kid` at most this often: forged kids must not flood the JWKS. */
const UNKNOWN_KID_COOLDOWN_MS = 30_000;

/**
 * The project's public signing keys (its JWKS), kept in memory: fetched at start-up and then
 * every SUPABASE_JWKS_REFRESH_MS in the background, and once more when a token names a key not
 * seen yet (a rotation). Every fetch is bounded by SUPABASE_JWKS_TIMEOUT_MS and shared by the
 * requests that wait for it; a request waits only when no key is known yet or for a new `kid`.
 */
@Injectable()
export class SigningKeys implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Auth');
  private resolver?: KeyResolver;
  private fetching?: Promise<boolean>;
  private lastAttemptAt = 0;
  private failing = false;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(supabaseConfig.KEY)
    private readonly config: ConfigType<typeof supabaseConfig>,
  ) {}

  onModuleInit(): void {
    void this.refresh();
    this.timer = setInterval(
      () => void this.refresh(),
      this.config.jwksRefreshMs,
    ).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The key for a token's header, for jose's jwtVerify. */
  async keyFor(header: JWTHeaderParameters, token: FlattenedJWSInput) {
    if (!this.resolver && !(await this.refresh())) {
      throw new SigningKeysUnavailableError(
        'the signing keys could not be fetched',
      );
    }
    try {
      return await this.resolver!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (Date.now() - this.lastAttemptAt < UNKNOWN_KID_COOLDOWN_MS)
        throw error;
      if (!(await this.refresh())) {
        throw new SigningKeysUnavailableError(
          'a token names a key not seen yet, and the signing keys could not be fetched',
        );
      }
      return this.resolver!(header, token);
    }
  }

  /** Fetches the keys (one fetch at a time); resolves whether it worked. */
  refresh(): Promise<boolean> {
    this.fetching ??= this.fetchKeys().finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async fetchKeys(): Promise<boolean> {
    this.lastAttemptAt = Date.now();
    try {
      const res = await request(this.config.jwksUrl, {
        headers: { apikey: this.config.publicKey },
        signal: AbortSignal.timeout(this.config.jwksTimeoutMs),
      });
      const body = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
      const jwks = JSON.parse(body) as JSONWebKeySet;
      if (!Array.isArray(jwks.keys)) throw new Error('no "keys" array');
      this.resolver = createLocalJWKSet(jwks);
      if (this.failing) this.logger.log('Signing keys fetched again');
      this.failing = false;
      return true;
    } catch (error) {
      // One line per outage; the URL is public, the reason a short code or status.
      if (!this.failing) {
        const { name, message } = error as { name?: string; message?: string };
        const reason =
          name === 'TimeoutError'
            ? `no answer within ${this.config.jwksTimeoutMs} ms`
            : (message ?? String(error));
        this.logger.warn(
          `Signing keys not fetched from ${this.config.jwksUrl}: ${reason}`,
        );
      }
      this.failing = true;
      return false;
    }
  }
}
