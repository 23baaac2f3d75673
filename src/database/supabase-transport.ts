import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Agent } from 'undici';
import { supabaseConfig } from '../config/supabase.config';
import { createPooledFetch } from './pooled-fetch';

/**
 * What every Supabase client of the process shares: one connection pool and one bounded fetch,
 * so a single abort at shutdown reaches every call still in flight and closing the pool lets go
 * of every socket. Stays inside database/.
 */
@Injectable()
export class SupabaseTransport {
  private readonly shutdown = new AbortController();
  private readonly pool = new Agent({
    keepAliveTimeout: 10_000,
    connections: 128,
  });
  private readonly fetch: typeof fetch;

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

  /** The options every client is built with: the shared fetch, the bound, no blind retries. */
  clientOptions() {
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

  /** Aborts every call still in flight and closes the pool; later calls fail at once. */
  async close(): Promise<void> {
    this.shutdown.abort(
      new DOMException('the service is shutting down', 'AbortError'),
    );
    await this.pool.destroy();
  }
}
