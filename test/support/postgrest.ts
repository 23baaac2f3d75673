import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../../src/database/database.types';

/** PostgREST through the stack's gateway, as any client of the project can reach it. */
export type Direct = SupabaseClient<Database>;

/**
 * A user's own access token sent straight to PostgREST with the publishable key: what anyone
 * holding that token can do without the API. Specs hold it to exactly what the API allows.
 */
export function directWithToken(token: string): Direct {
  return createClient<Database>(
    process.env.SUPABASE_URL!,
    process.env.SUPABASE_PUBLISHABLE_KEY!,
    {
      accessToken: () => Promise.resolve(token),
      db: { retry: false },
    },
  );
}

/** The publishable key alone: the `anon` role, as a browser without a session. */
export function directAsAnonymous(): Direct {
  return createClient<Database>(
    process.env.SUPABASE_URL!,
    process.env.SUPABASE_PUBLISHABLE_KEY!,
    {
      auth: { persistSession: false, autoRefreshToken: false },
      db: { retry: false },
    },
  );
}
