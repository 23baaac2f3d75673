import Joi from 'joi';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ENVIRONMENTS = [
  'development',
  'test',
  'staging',
  'production',
] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The Supabase CLI's well-known local secrets: fine on a laptop, refused in production. */
export const LOCAL_SUPABASE_JWT_SECRET =
  'super-secret-jwt-token-with-at-least-32-characters-long';
export const LOCAL_SUPABASE_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const LOCAL_SUPABASE_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';
/** The development SECRET_KEY shipped in .env.example. */
export const EXAMPLE_SECRET_KEY =
  'local-development-secret-key-change-me-0123456789';

export interface Env {
  NODE_ENV: Environment;
  PROJECT_NAME: string;
  PROJECT_VERSION: string;
  HOST: string;
  PORT: number;
  LOG_LEVEL: LogLevel;
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
  SUPABASE_JWT_SECRET: string;
  SUPABASE_JWKS_URL?: string;
  SUPABASE_SCHEMA: string;
  DB_REQUEST_TIMEOUT_MS: number;
  DB_CONNECT_RETRIES: number;
  DB_CONNECT_RETRY_DELAY_MS: number;
  HEALTH_DB_TIMEOUT_MS: number;
  HEALTH_DB_CACHE_MS: number;
  HEALTH_HEAP_USED_THRESHOLD_MB: number;
  HEALTH_RSS_THRESHOLD_MB: number;
  HEALTH_EVENT_LOOP_DELAY_THRESHOLD_MS: number;
  CORS_ORIGINS: string[];
  SHUTDOWN_GRACE_MS: number;
  SECRET_KEY: string;
  ACCESS_TOKEN_EXPIRE_MINUTES: number;
  RATE_LIMIT_WINDOW_MS: number;
  RATE_LIMIT_PER_IP: number;
  RATE_LIMIT_PER_USER: number;
}

function packageVersion(): string {
  // Same depth from src/config and dist/config.
  const pkg = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

function refusedInProduction(schema: Joi.StringSchema, ...local: string[]) {
  return schema.when('NODE_ENV', {
    is: 'production',
    then: schema.invalid(...local).messages({
      'any.invalid':
        '{{#label}} is a well-known local development value and is refused in production',
    }),
  });
}

const port = Joi.number().integer().min(0).max(65535);
const millis = Joi.number().integer().min(0);
const positiveMillis = Joi.number().integer().min(1);

export const envSchema = Joi.object<Env>({
  NODE_ENV: Joi.string()
    .valid(...ENVIRONMENTS)
    .default('development'),
  PROJECT_NAME: Joi.string().trim().min(1).default('Visual CRM API'),
  PROJECT_VERSION: Joi.string().trim().min(1).default(packageVersion),
  HOST: Joi.string().hostname().default('0.0.0.0'),
  PORT: port.default(8000),
  LOG_LEVEL: Joi.string()
    .valid(...LOG_LEVELS)
    .default('info'),

  SUPABASE_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .required(),
  SUPABASE_ANON_KEY: refusedInProduction(
    Joi.string().min(20),
    LOCAL_SUPABASE_ANON_KEY,
  ).required(),
  SUPABASE_SERVICE_ROLE_KEY: refusedInProduction(
    Joi.string().min(20),
    LOCAL_SUPABASE_SERVICE_ROLE_KEY,
  ).required(),
  SUPABASE_JWT_SECRET: refusedInProduction(
    Joi.string().min(32),
    LOCAL_SUPABASE_JWT_SECRET,
  ).required(),
  SUPABASE_JWKS_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  SUPABASE_SCHEMA: Joi.string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),

  DB_REQUEST_TIMEOUT_MS: positiveMillis.max(120_000).default(5000),
  DB_CONNECT_RETRIES: Joi.number().integer().min(0).max(20).default(3),
  DB_CONNECT_RETRY_DELAY_MS: millis.max(60_000).default(500),

  HEALTH_DB_TIMEOUT_MS: positiveMillis.max(60_000).default(800),
  HEALTH_DB_CACHE_MS: millis.max(60_000).default(1000),
  HEALTH_HEAP_USED_THRESHOLD_MB: Joi.number().integer().min(1).default(512),
  HEALTH_RSS_THRESHOLD_MB: Joi.number().integer().min(1).default(1024),
  HEALTH_EVENT_LOOP_DELAY_THRESHOLD_MS: positiveMillis.default(500),

  CORS_ORIGINS: Joi.array()
    .items(Joi.string().uri({ scheme: ['http', 'https'] }))
    .default([]),
  SHUTDOWN_GRACE_MS: millis.max(120_000).default(5000),

  SECRET_KEY: refusedInProduction(
    Joi.string().min(32),
    EXAMPLE_SECRET_KEY,
  ).required(),
  ACCESS_TOKEN_EXPIRE_MINUTES: Joi.number()
    .integer()
    .min(1)
    .max(60 * 24 * 30)
    .default(60),

  RATE_LIMIT_WINDOW_MS: positiveMillis.max(3_600_000).default(60_000),
  RATE_LIMIT_PER_IP: Joi.number().integer().min(1).default(1200),
  RATE_LIMIT_PER_USER: Joi.number().integer().min(1).default(600),
})
  .unknown(true)
  .prefs({
    abortEarly: false,
    convert: true,
    errors: { wrap: { label: false } },
    // Never echo a rejected value: several of these variables are secrets.
    messages: {
      'string.pattern.base': '{{#label}} does not have the expected format',
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

/** Validates the raw environment; comma lists arrive as strings and become arrays. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const input = { ...raw };
  if (typeof input.CORS_ORIGINS === 'string') {
    input.CORS_ORIGINS = input.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean);
  }
  const result = envSchema.validate(input);
  if (result.error) {
    throw new EnvValidationError(
      result.error.details.map((d) => `${d.path.join('.')}: ${d.message}`),
    );
  }
  return result.value;
}
