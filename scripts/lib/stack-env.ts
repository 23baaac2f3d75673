// Shared by scripts/, bench/ and test/ (ESM here, CommonJS under Jest): no imports.

/** What a client of the local stack needs, printed as KEY=value lines once it is ready. */
export interface StackEnv {
  SUPABASE_URL: string;
  SUPABASE_PUBLISHABLE_KEY: string;
  SUPABASE_SECRET_KEY: string;
  /** Legacy keys and secret, for projects configured the older way. */
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
  SUPABASE_JWT_SECRET: string;
  /** What the app uses: the live stream's own login (role crm_live_feed), never a superuser. */
  DATABASE_URL: string;
  /** The superuser, for set-up by tests, benchmarks and scripts only; the app never reads it. */
  DATABASE_ADMIN_URL: string;
  /** A project of its own (--new-project) prints its private signing key, to mint tokens. */
  SUPABASE_SIGNING_JWK?: string;
}

export const STACK_ENV_KEYS: readonly (keyof StackEnv)[] = [
  'SUPABASE_URL',
  'SUPABASE_PUBLISHABLE_KEY',
  'SUPABASE_SECRET_KEY',
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_JWT_SECRET',
  'DATABASE_URL',
  'DATABASE_ADMIN_URL',
];

/** The settings a service uses by default: the current key model, no legacy secret. */
export const CURRENT_KEY_NAMES: readonly (keyof StackEnv)[] = [
  'SUPABASE_URL',
  'SUPABASE_PUBLISHABLE_KEY',
  'SUPABASE_SECRET_KEY',
  'DATABASE_URL',
];

export function formatStackEnv(env: StackEnv): string {
  // The optional line first: a reader is done once the required ones have arrived.
  const optional = env.SUPABASE_SIGNING_JWK
    ? [`SUPABASE_SIGNING_JWK=${env.SUPABASE_SIGNING_JWK}`]
    : [];
  return [
    ...optional,
    ...STACK_ENV_KEYS.map((key) => `${key}=${env[key]}`),
  ].join('\n');
}

/**
 * Reads one printed line into `found`; true once every key has arrived. Lines that are not
 * settings (progress, warnings) are ignored.
 */
export function readStackEnvLine(
  line: string,
  found: Partial<StackEnv>,
): found is StackEnv {
  const match = /^([A-Z_]+)=(.*)$/.exec(line);
  if (match && [...STACK_ENV_KEYS, 'SUPABASE_SIGNING_JWK'].includes(match[1])) {
    found[match[1] as keyof StackEnv] = match[2];
  }
  return STACK_ENV_KEYS.every((key) => found[key]);
}
