import { Global, Module } from '@nestjs/common';
import { DatabaseLifecycle } from './database.lifecycle';
import { SUPABASE_CLIENT } from './database.constants';
import { SupabaseClientFactory } from './supabase-client.factory';
import { SupabaseProbe } from './supabase.probe';

/** The Supabase clients of the process, available everywhere. */
@Global()
@Module({
  providers: [
    SupabaseClientFactory,
    {
      provide: SUPABASE_CLIENT,
      inject: [SupabaseClientFactory],
      useFactory: (factory: SupabaseClientFactory) =>
        factory.createServiceClient(),
    },
    SupabaseProbe,
    DatabaseLifecycle,
  ],
  exports: [SUPABASE_CLIENT, SupabaseClientFactory, SupabaseProbe],
})
export class DatabaseModule {}
