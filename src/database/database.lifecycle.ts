import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { setTimeout as sleep } from 'node:timers/promises';
import { supabaseConfig } from '../config/supabase.config';
import { SUPABASE_CLIENT } from './database.constants';
import { PostgresListener } from './postgres-listener';
import { PostgresPool } from './postgres-pool';
import type { Supabase } from './supabase-client.factory';
import { SupabaseProbe } from './supabase.probe';
import { SupabaseTransport } from './supabase-transport';

/**
 * Every connection of the process starts and stops here: the data API is checked at start-up
 * without depending on it, the LISTEN link makes its first attempt (and checks its role), and at
 * shutdown each lets go. DatabaseModule is global, so this runs before every feature's start and
 * after every feature's stop.
 */
@Injectable()
export class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(supabaseConfig.KEY)
    private readonly config: ConfigType<typeof supabaseConfig>,
    @Inject(SUPABASE_CLIENT) private readonly client: Supabase,
    private readonly transport: SupabaseTransport,
    private readonly probe: SupabaseProbe,
    private readonly listener: PostgresListener,
    private readonly pool: PostgresPool,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.checkDataApi(), this.listener.start()]);
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    // removeAllChannels() with no channel open still arms a 10 s realtime timer.
    if (this.client.getChannels().length > 0)
      await this.client.removeAllChannels();
    await Promise.all([
      this.transport.close(),
      this.listener.stop(),
      this.pool.close(),
    ]);
    this.logger.log(
      `Database connections closed${signal ? ` (${signal})` : ''}`,
    );
  }

  private async checkDataApi(): Promise<void> {
    const attempts = this.config.connectRetries + 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const result = await this.probe.check();
      if (result.up) {
        this.logger.log(`Data API reachable (${result.responseTimeMs} ms)`);
        return;
      }
      if (attempt < attempts) {
        const delay = this.config.connectRetryDelayMs * 2 ** (attempt - 1);
        this.logger.debug(
          `Data API check ${attempt}/${attempts} failed (${result.reason}); next in ${delay} ms`,
        );
        await sleep(delay);
      } else {
        this.logger.warn(
          `Data API unreachable after ${attempts} attempt(s): ${result.reason}. ` +
            'Starting anyway; readiness reports down until it answers.',
        );
      }
    }
  }
}
