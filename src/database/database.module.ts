import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseLifecycle } from './database.lifecycle';
import { PostgresListener } from './postgres-listener';
import { PostgresPool } from './postgres-pool';
import { SupabaseClientFactory } from './supabase-client.factory';
import { SupabaseHealthIndicator } from './supabase.health';
import { SupabaseProbe } from './supabase.probe';
import { supabaseServiceClient } from './supabase-service.client';
import { SupabaseTransport } from './supabase-transport';

/**
 * Every connection of the process. Features get what acts as the user (Supabase clients that
 * carry the user's token) and the direct Postgres connections their repositories query through;
 * health gets the readiness indicator. The secret-key client stays in here.
 */
@Global()
@Module({
  imports: [TerminusModule],
  providers: [
    SupabaseTransport,
    SupabaseClientFactory,
    supabaseServiceClient,
    SupabaseProbe,
    SupabaseHealthIndicator,
    PostgresPool,
    PostgresListener,
    DatabaseLifecycle,
  ],
  exports: [
    SupabaseClientFactory,
    SupabaseHealthIndicator,
    PostgresPool,
    PostgresListener,
  ],
})
export class DatabaseModule {}
