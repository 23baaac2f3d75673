import Joi from 'joi';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEPLOYED_ENVIRONMENTS,
  ENVIRONMENTS,
  type Environment,
  LOG_LEVELS,
  type LogLevel,
  apiKey,
  httpUrl,
  millis,
  optional,
  port,
  positiveMillis,
  refusedOutsideDevelopment,
} from './env-fields';
import LOCAL from './local-supabase.json';

/** Names proxy-addr knows for address ranges, accepted in TRUST_PROXY. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function packageVersion(): string {
  // Same depth from src/config and dist/config.
  const pkg = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

/** Every variable the service reads: the one source of both validation and the Env type. */
const variables = {
  NODE_ENV: Joi.string<Environment>()
    .valid(...ENVIRONMENTS)
    .default('development'),
  PROJECT_NAME: Joi.string().trim().min(1).default('Visual CRM API'),
  PROJECT_VERSION: Joi.string().trim().min(1).default(packageVersion),
  HOST: Joi.string().hostname().default('0.0.0.0'),
  PORT: port.default(8000),
  LOG_LEVEL: Joi.string<LogLevel>()
    .valid(...LOG_LEVELS)
    .default('info'),
  // Proxies in front of the pod whose X-Forwarded-For is believed: a hop count, or addresses
  // and CIDR ranges. Never "everything": any client could then choose its own address.
  TRUST_PROXY: Joi.alternatives<number | string[]>()
    .try(
      Joi.number().integer().min(0).max(10),
      Joi.array()
        .items(
          Joi.string().ip({ cidr: 'optional' }),
          Joi.string().valid(...PROXY_RANGE_NAMES),
        )
        .min(1),
    )
    .default(0)
    .messages({
      'alternatives.match':
        '{{#label}} must be a number of hops (0 to 10) or a comma-separated list of addresses and CIDR ranges',
    }),
  SUPABASE_URL: httpUrl().required(),
  // API keys: the current names, or the legacy ones (one of each pair; each of its kind).
  SUPABASE_PUBLISHABLE_KEY: optional(
    refusedOutsideDevelopment(
      apiKey('public'),
      LOCAL.publishableKey,
      LOCAL.anonKey,
    ),
  ),
  SUPABASE_ANON_KEY: optional(
    refusedOutsideDevelopment(
      apiKey('public'),
      LOCAL.publishableKey,
      LOCAL.anonKey,
    ),
  ),
  SUPABASE_SECRET_KEY: optional(
    refusedOutsideDevelopment(
      apiKey('secret'),
      LOCAL.secretKey,
      LOCAL.serviceRoleKey,
    ),
  ),
  SUPABASE_SERVICE_ROLE_KEY: optional(
    refusedOutsideDevelopment(
      apiKey('secret'),
      LOCAL.secretKey,
      LOCAL.serviceRoleKey,
    ),
  ),
  // Legacy projects only: the shared secret of HS256 access tokens.
  SUPABASE_JWT_SECRET: optional(
    refusedOutsideDevelopment(Joi.string().min(32), LOCAL.jwtSecret),
  ),
  // The project's signing keys; default: <SUPABASE_URL>/auth/v1/.well-known/jwks.json.
  SUPABASE_JWKS_URL: optional(httpUrl()),
  SUPABASE_JWKS_TIMEOUT_MS: positiveMillis.max(30_000).default(2000),
  SUPABASE_JWKS_REFRESH_MS: positiveMillis
    .min(10_000)
    .max(86_400_000)
    .default(600_000),
  // The `iss` of the project's access tokens; default: <SUPABASE_URL>/auth/v1, as Supabase Auth.
  SUPABASE_JWT_ISSUER: optional(httpUrl()),
  SUPABASE_SCHEMA: Joi.string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  DB_REQUEST_TIMEOUT_MS: positiveMillis.max(120_000).default(5000),
  // Largest data API answer read into memory; a full page of the largest rows is under 8 MiB.
  DB_MAX_RESPONSE_BYTES: Joi.number()
    .integer()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  DB_CONNECT_RETRIES: Joi.number().integer().min(0).max(20).default(3),
  DB_CONNECT_RETRY_DELAY_MS: millis.max(60_000).default(500),
  HEALTH_DB_TIMEOUT_MS: positiveMillis.max(60_000).default(800),
  HEALTH_DB_CACHE_MS: millis.max(60_000).default(1000),
  HEALTH_HEAP_USED_THRESHOLD_MB: Joi.number().integer().min(1).default(512),
  HEALTH_RSS_THRESHOLD_MB: Joi.number().integer().min(1).default(1024),
  HEALTH_EVENT_LOOP_DELAY_THRESHOLD_MS: positiveMillis.default(500),
  HEALTH_EVENT_LOOP_WINDOW_MS: positiveMillis.max(600_000).default(10_000),
  CORS_ORIGINS: Joi.array<string[]>().items(httpUrl()).default([]),
  SHUTDOWN_GRACE_MS: millis.max(120_000).default(5000),
  SECRET_KEY: refusedOutsideDevelopment(
    Joi.string().min(32),
    LOCAL.exampleSecretKey,
  ).required(),
  ACCESS_TOKEN_EXPIRE_MINUTES: Joi.number()
    .integer()
    .min(1)
    .max(60 * 24 * 30)
    .default(60),
  // A direct (or session-mode pooler) Postgres connection for live updates: LISTEN, and reading
  // new timeline entries once per pod, as the role crm_live_feed. Required where the service is
  // deployed; the local stack's logins (the feed's and the superuser's) are refused there.
  DATABASE_URL: optional(
    refusedOutsideDevelopment(
      Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
      ...[LOCAL.databaseUrl, LOCAL.databaseAdminUrl].flatMap((url) => [
        url,
        `${url}?sslmode=disable`,
      ]),
    ).when('NODE_ENV', {
      is: Joi.valid(...DEPLOYED_ENVIRONMENTS),
      then: Joi.required(),
    }),
  ),
  EVENTS_HEARTBEAT_MS: positiveMillis.min(1000).max(60_000).default(15_000),
  EVENTS_MEMBERSHIP_CHECK_MS: positiveMillis.min(100).max(5000).default(5000),
  EVENTS_POLL_MS: positiveMillis.min(100).max(60_000).default(2000),
  EVENTS_MAX_BUFFER_BYTES: Joi.number()
    .integer()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  EVENTS_MAX_STREAMS: Joi.number().integer().min(1).max(100_000).default(2000),
  EVENTS_MAX_STREAMS_PER_USER: Joi.number()
    .integer()
    .min(1)
    .max(100)
    .default(10),
  RATE_LIMIT_WINDOW_MS: positiveMillis.max(3_600_000).default(60_000),
  RATE_LIMIT_PER_IP: Joi.number().integer().min(1).default(1200),
  RATE_LIMIT_PER_USER: Joi.number().integer().min(1).default(600),
};

/** The validated environment, typed from the schema above. */
export type Env = {
  [
    Name in keyof typeof variables
  ]: (typeof variables)[Name] extends Joi.AnySchema<infer T> ? T : never;
};

export const envSchema = Joi.object<Env>(variables)
  .or('SUPABASE_PUBLISHABLE_KEY', 'SUPABASE_ANON_KEY')
  .or('SUPABASE_SECRET_KEY', 'SUPABASE_SERVICE_ROLE_KEY')
  .unknown(true)
  .prefs({
    abortEarly: false,
    convert: true,
    errors: { wrap: { label: false } },
    // Never echo a rejected value: several of these variables are secrets.
    messages: {
      'string.pattern.base': '{{#label}} does not have the expected format',
      'object.missing':
        'one of these is required; the first is the current name',
    },
  });

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'EnvValidationError';
  }
}

const LIST_VARIABLES = ['CORS_ORIGINS', 'TRUST_PROXY'] as const;

/** Validates the raw environment; comma lists arrive as strings and become arrays. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const input = { ...raw };
  for (const name of LIST_VARIABLES) {
    const value = input[name];
    if (typeof value === 'string' && !/^\s*\d+\s*$/.test(value)) {
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      input[name] = items.length > 0 ? items : undefined;
    }
  }
  const result = envSchema.validate(input);
  if (result.error) {
    throw new EnvValidationError(
      result.error.details.map((d) => {
        // A missing pair is the object's error: name the pair.
        const where =
          d.path.join('.') ||
          ((d.context?.peers as string[] | undefined) ?? []).join(' or ');
        return `${where}: ${d.message}`;
      }),
    );
  }
  return result.value;
}

let validated: { source: string; env: Env } | undefined;

/**
 * The process environment, validated once: every config namespace reads this, and validation
 * runs again only when the environment has changed since (tests build apps with other settings).
 */
export function currentEnv(): Env {
  const source = JSON.stringify(process.env);
  if (validated?.source !== source) {
    validated = { source, env: validateEnv(process.env) };
  }
  return validated.env;
}
