import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import pg from 'pg';
import { postgresConfig } from '../config/postgres.config';

/** Start-up waits at most this long for a connection; so does a read. */
export const CONNECT_TIMEOUT_MS = 3_000;

/**
 * A small pool of direct connections as DATABASE_URL's role, for the reads PostgREST cannot
 * serve (the live stream reads once per pod for every stream). Repositories query through it.
 */
@Injectable()
export class PostgresPool {
  private readonly pool: pg.Pool | undefined;

  constructor(
    @Inject(postgresConfig.KEY)
    config: ConfigType<typeof postgresConfig>,
  ) {
    if (!config.url) return;
    this.pool = new pg.Pool({
      connectionString: config.url,
      max: 2,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'crm-events',
    });
    // An idle pooled connection that dies is replaced on the next query.
    this.pool.on('error', () => undefined);
  }

  /** False without DATABASE_URL (allowed in development and test): every query fails. */
  get configured(): boolean {
    return this.pool !== undefined;
  }

  async query<Row extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<Row[]> {
    if (!this.pool) throw new Error('DATABASE_URL is not set');
    return (await this.pool.query<Row>(text, values)).rows;
  }

  async close(): Promise<void> {
    await this.pool?.end().catch(() => undefined);
  }
}
