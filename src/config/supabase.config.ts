import { registerAs } from '@nestjs/config';
import { currentEnv } from './env.validation';

export const supabaseConfig = registerAs('supabase', () => {
  const env = currentEnv();
  const url = env.SUPABASE_URL.replace(/\/+$/, '');
  return {
    url,
    // The current names win; validation has checked both of a pair are of the same kind.
    publicKey: (env.SUPABASE_PUBLISHABLE_KEY ?? env.SUPABASE_ANON_KEY)!,
    serverKey: (env.SUPABASE_SECRET_KEY ?? env.SUPABASE_SERVICE_ROLE_KEY)!,
    jwtSecret: env.SUPABASE_JWT_SECRET,
    jwksUrl: env.SUPABASE_JWKS_URL ?? `${url}/auth/v1/.well-known/jwks.json`,
    jwksTimeoutMs: env.SUPABASE_JWKS_TIMEOUT_MS,
    jwksRefreshMs: env.SUPABASE_JWKS_REFRESH_MS,
    jwtIssuer: env.SUPABASE_JWT_ISSUER ?? `${url}/auth/v1`,
    schema: env.SUPABASE_SCHEMA,
    requestTimeoutMs: env.DB_REQUEST_TIMEOUT_MS,
    maxResponseBytes: env.DB_MAX_RESPONSE_BYTES,
    connectRetries: env.DB_CONNECT_RETRIES,
    connectRetryDelayMs: env.DB_CONNECT_RETRY_DELAY_MS,
  };
});
