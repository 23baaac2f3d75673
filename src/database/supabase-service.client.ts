import type { FactoryProvider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createClient } from '@supabase/supabase-js';
import { supabaseConfig } from '../config/supabase.config';
import { SUPABASE_CLIENT } from './database.constants';
import type { Database } from './database.types';
import type { Supabase } from './supabase-client.factory';
import { SupabaseTransport } from './supabase-transport';

/**
 * The secret-key (service role) client: bypasses RLS, so never for a user's data. Only database/
 * uses it (the readiness probe, shutdown); DatabaseModule does not export it.
 */
export const supabaseServiceClient: FactoryProvider<Supabase> = {
  provide: SUPABASE_CLIENT,
  inject: [supabaseConfig.KEY, SupabaseTransport],
  useFactory: (
    config: ConfigType<typeof supabaseConfig>,
    transport: SupabaseTransport,
  ) =>
    createClient<Database>(config.url, config.serverKey, {
      auth: {
        persistSession: false,
        autoRefreshToken: false,
        detectSessionInUrl: false,
      },
      ...transport.clientOptions(),
    }),
};
