import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseLifecycle } from './database.lifecycle';
import { SupabaseClientFactory } from './supabase-client.factory';
import { SupabaseHealthIndicator } from './supabase.health';
import { SupabaseProbe } from './supabase.probe';
import { supabaseServiceClient } from './supabase-service.client';
import { SupabaseTransport } from './supabase-transport';

/**
 * The Supabase clients of the process. Features get what acts as the user (clients that carry
 * the user's token); health gets the readiness indicator. The secret-key client stays in here.
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
    DatabaseLifecycle,
  ],
  exports: [SupabaseClientFactory, SupabaseHealthIndicator],
})
export class DatabaseModule {}
