import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LRUCache } from 'lru-cache';
import { Agent } from 'undici';
import { supabaseConfig } from '../config/supabase.config';
import { createPooledFetch } from './pooled-fetch';
import type { Database } from './database.types';

export type Supabase = SupabaseClient<Database>;

/**
 * Builds every Supabase client of the process. All of them share one connection pool and one
 * bounded fetch, so a single abort at shutdown reaches every call still in flight and closing
 * the pool lets go of every socket.
 */
@Injectable()
export class SupabaseClientFactory {
  private readonly shutdown = new AbortController();
  private readonly pool = new Agent({
    keepAliveTimeout: 10_000,
    connections: 128,
  });
  private readonly fetch: typeof fetch;
  // Building a client costs more than the query it sends; a user's next request reuses it.
  private readonly userClients = new LRUCache<string, Supabase>({
    max: 1_000,
    ttl: 5 * 60_000,
  });

  constructor(
    @Inject(supabaseConfig.KEY)
    private readonly config: ConfigType<typeof supabaseConfig>,
  ) {
    const logger = new Logger('Database');
    this.fetch = createPooledFetch(this.pool, {
      shutdown: this.shutdown.signal,
      maxResponseBytes: config.maxResponseBytes,
      onTooLarge: (url, limit) =>
        logger.error(
          `Data API answer to ${new URL(url).pathname} dropped: larger than ${limit} bytes ` +
            '(DB_MAX_RESPONSE_BYTES); the request was answered 503',
        ),
    });
  }

  /** The service-role client: bypasses RLS, so never for a user's data. */
  createServiceClient(): Supabase {
    return createClient<Database>(this.config.url, this.config.serverKey, {
      auth: {
        persistSession: false,
        autoRefreshToken: false,
        detectSessionInUrl: false,
      },
      ...this.commonOptions(),
    });
  }

  /**
   * A client that acts as the caller: PostgREST checks the JWT and Postgres applies RLS.
   * The `accessToken` option builds no auth client, so nothing outlives the request.
   */
  forUser(accessToken: string): Supabase {
    let client = this.userClients.get(accessToken);
    if (!client) {
      client = createClient<Database>(this.config.url, this.config.publicKey, {
        accessToken: () => Promise.resolve(accessToken),
        ...this.commonOptions(),
      });
      this.userClients.set(accessToken, client);
    }
    return client;
  }

  /** Aborts every call still in flight and closes the pool; later calls fail at once. */
  async close(): Promise<void> {
    this.shutdown.abort(
      new DOMException('the service is shutting down', 'AbortError'),
    );
    await this.pool.destroy();
  }

  private commonOptions() {
    return {
      global: { fetch: this.fetch },
      db: {
        schema: this.config.schema as 'public',
        // Aborts with an AbortError, which supabase-js never retries.
        timeout: this.config.requestTimeoutMs,
        // Retries are ours to decide: writes must never be repeated blindly.
        retry: false,
      },
    };
  }
}
