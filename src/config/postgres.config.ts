import { registerAs } from '@nestjs/config';
import { isDeployed } from './env-fields';
import { currentEnv } from './env.validation';

/** The direct Postgres connections (LISTEN and a small pool) that PostgREST cannot stand in for. */
export const postgresConfig = registerAs('postgres', () => {
  const env = currentEnv();
  return {
    /** Undefined in development and test without a database URL: nothing connects. */
    url: env.DATABASE_URL,
    /** Staging and production refuse a role that is a superuser or can bypass RLS. */
    refusePrivilegedRole: isDeployed(env.NODE_ENV),
  };
});
