import Joi from 'joi';

// The pieces the environment schema (env.validation.ts) is built from: the environments and log
// levels, what a deployment refuses, and the shapes of keys, ports and durations.

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

/** Where the well-known local keys and secrets are refused. */
export const DEPLOYED_ENVIRONMENTS: Environment[] = ['staging', 'production'];

/** Staging and production: held to what a deployment must be, unlike a laptop or a test run. */
export function isDeployed(environment: Environment): boolean {
  return DEPLOYED_ENVIRONMENTS.includes(environment);
}

/** Marks a variable that may be absent: its type gains `undefined`. */
export const optional = <T>(schema: Joi.AnySchema<T>) =>
  schema as unknown as Joi.AnySchema<T | undefined>;

export function refusedOutsideDevelopment(
  schema: Joi.StringSchema,
  ...local: string[]
) {
  return schema.when('NODE_ENV', {
    is: Joi.valid(...DEPLOYED_ENVIRONMENTS),
    then: schema.invalid(...local).messages({
      'any.invalid':
        '{{#label}} is a well-known local development value and is refused outside development and test',
    }),
  });
}

/** What an API key is, read from its form; legacy keys are JWTs naming their role. */
export function apiKeyKind(key: string): 'public' | 'secret' | 'unknown' {
  if (key.startsWith('sb_publishable_')) return 'public';
  if (key.startsWith('sb_secret_')) return 'secret';
  const [, payload] = key.split('.');
  try {
    const { role } = JSON.parse(
      Buffer.from(payload ?? '', 'base64url').toString('utf8'),
    ) as { role?: unknown };
    if (role === 'anon') return 'public';
    if (role === 'service_role') return 'secret';
  } catch {
    // not a JWT
  }
  return 'unknown';
}

/** A key of the given kind: the public one (publishable or anon) or the secret one. */
export function apiKey(kind: 'public' | 'secret') {
  const expected =
    kind === 'public'
      ? 'the publishable key (sb_publishable_…) or the legacy anon key'
      : 'the secret key (sb_secret_…) or the legacy service_role key';
  return Joi.string()
    .min(20)
    .custom((value: string, helpers) =>
      apiKeyKind(value) === kind
        ? value
        : helpers.error('apiKey.kind', {
            found:
              apiKeyKind(value) === 'unknown'
                ? 'a value of no known key format'
                : `a ${apiKeyKind(value)} key`,
          }),
    )
    .messages({
      'apiKey.kind': `{{#label}} holds {{#found}}; it takes ${expected}`,
    });
}

export const port = Joi.number().integer().min(0).max(65535);
export const millis = Joi.number().integer().min(0);
export const positiveMillis = Joi.number().integer().min(1);
export const httpUrl = () => Joi.string().uri({ scheme: ['http', 'https'] });
