import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { performance } from 'node:perf_hooks';
import { healthConfig } from '../config/health.config';
import { SUPABASE_CLIENT } from './database.constants';
import type { Supabase } from './supabase-client.factory';

export type ProbeResult =
  | { up: true; responseTimeMs: number }
  | { up: false; responseTimeMs: number; reason: string };

/** The table every user request needs; if it answers, the data API works. */
const PROBED_TABLE = 'customers';

/** One bounded, never-retried query that tells whether the data API serves our table. */
@Injectable()
export class SupabaseProbe {
  constructor(
    @Inject(SUPABASE_CLIENT) private readonly client: Supabase,
    @Inject(healthConfig.KEY)
    private readonly health: ConfigType<typeof healthConfig>,
  ) {}

  async check(): Promise<ProbeResult> {
    const timeoutMs = this.health.dbTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    const { error, status } = await this.client
      .from(PROBED_TABLE)
      .select('id')
      .limit(1)
      .abortSignal(deadline)
      .then(
        (answer) => answer,
        () => ({ error: { code: '' }, status: 0 }),
      );
    const responseTimeMs = Math.round(performance.now() - started);
    if (!error) return { up: true, responseTimeMs };
    // Only codes and statuses: a driver message may carry hosts or credentials.
    const reason = deadline.aborted
      ? `no answer within ${timeoutMs} ms`
      : status === 0
        ? 'data API unreachable'
        : `data API answered HTTP ${status}${error.code ? ` (${error.code})` : ''}`;
    return { up: false, responseTimeMs, reason };
  }
}
