import { registerAs } from '@nestjs/config';
import { validateEnv } from './env.validation';

export const supabaseConfig = registerAs('supabase', () => {
  const env = validateEnv(process.env);
  return {
    url: env.SUPABASE_URL,
    anonKey: env.SUPABASE_ANON_KEY,
    serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
    jwtSecret: env.SUPABASE_JWT_SECRET,
    jwksUrl: env.SUPABASE_JWKS_URL,
    schema: env.SUPABASE_SCHEMA,
    requestTimeoutMs: env.DB_REQUEST_TIMEOUT_MS,
    connectRetries: env.DB_CONNECT_RETRIES,
    connectRetryDelayMs: env.DB_CONNECT_RETRY_DELAY_MS,
  };
});
