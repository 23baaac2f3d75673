import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LRUCache } from 'lru-cache';
import { Agent } from 'undici';
import { supabaseConfig } from '../config/supabase.config';
import { createBoundedFetch } from './bounded-fetch';
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
    this.fetch = createBoundedFetch(
      config.requestTimeoutMs,
      this.shutdown.signal,
      createPooledFetch(this.pool),
    );
  }

  /** The service-role client: bypasses RLS, so never for a user's data. */
  createServiceClient(): Supabase {
    return createClient<Database>(this.config.url, this.config.serviceRoleKey, {
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
      client = createClient<Database>(this.config.url, this.config.anonKey, {
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
      // Retries are ours to decide: writes must never be repeated blindly.
      db: { schema: this.config.schema as 'public', retry: false },
    };
  }
}
