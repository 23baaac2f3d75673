import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import {
  EnvValidationError,
  LOCAL_SUPABASE_ANON_KEY,
  LOCAL_SUPABASE_JWT_SECRET,
  LOCAL_SUPABASE_SERVICE_ROLE_KEY,
  validateEnv,
} from './env.validation';

const example = parse(
  readFileSync(join(__dirname, '..', '..', '.env.example')),
);

function problemsOf(env: Record<string, string>): string[] {
  try {
    validateEnv(env);
  } catch (error) {
    if (error instanceof EnvValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the environment to be rejected');
}

describe(validateEnv.name, () => {
  it('accepts .env.example as it is and fills in typed values', () => {
    const env = validateEnv(example);
    expect(env.PORT).toBe(8000);
    expect(env.NODE_ENV).toBe('development');
    expect(env.DB_REQUEST_TIMEOUT_MS).toEqual(expect.any(Number));
    expect(env.PROJECT_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('applies defaults for everything optional', () => {
    const env = validateEnv({
      SUPABASE_URL: example.SUPABASE_URL,
      SUPABASE_ANON_KEY: example.SUPABASE_ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: example.SUPABASE_SERVICE_ROLE_KEY,
      SUPABASE_JWT_SECRET: example.SUPABASE_JWT_SECRET,
      SECRET_KEY: example.SECRET_KEY,
    });
    expect(env).toMatchObject({
      HOST: '0.0.0.0',
      PORT: 8000,
      LOG_LEVEL: 'info',
      HEALTH_DB_TIMEOUT_MS: 800,
      HEALTH_DB_CACHE_MS: 1000,
      CORS_ORIGINS: [],
    });
  });

  it.each([
    ['PORT', 'eighty', 'PORT: PORT must be a number'],
    ['PORT', '70000', 'PORT: PORT must be less than or equal to 65535'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL: LOG_LEVEL must be one of'],
    ['NODE_ENV', 'prod', 'NODE_ENV: NODE_ENV must be one of'],
    [
      'SUPABASE_URL',
      'not a url',
      'SUPABASE_URL: SUPABASE_URL must be a valid uri',
    ],
    [
      'SUPABASE_JWT_SECRET',
      'short',
      'SUPABASE_JWT_SECRET: SUPABASE_JWT_SECRET length must be at least 32',
    ],
    [
      'SECRET_KEY',
      'too-short',
      'SECRET_KEY: SECRET_KEY length must be at least 32',
    ],
    [
      'DB_REQUEST_TIMEOUT_MS',
      '0',
      'DB_REQUEST_TIMEOUT_MS: DB_REQUEST_TIMEOUT_MS must be greater than or equal to 1',
    ],
    [
      'CORS_ORIGINS',
      'http://ok.example,ftp://x',
      'CORS_ORIGINS.1: CORS_ORIGINS[1] must be a valid uri',
    ],
    [
      'SUPABASE_SCHEMA',
      'public;drop',
      'SUPABASE_SCHEMA: SUPABASE_SCHEMA does not have the expected format',
    ],
  ])('rejects %s=%s naming the variable', (name, value, expected) => {
    const problems = problemsOf({ ...example, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it('reports every bad variable at once, with required ones missing', () => {
    const { SUPABASE_URL: _url, ...withoutUrl } = example;
    const problems = problemsOf({
      ...withoutUrl,
      PORT: 'x',
      LOG_LEVEL: 'loud',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'SUPABASE_URL',
    ]);
    expect(problems.join('\n')).toContain('SUPABASE_URL is required');
  });

  it('never echoes a rejected secret', () => {
    const secret = 'short-but-secret-value';
    const error = (() => {
      try {
        validateEnv({
          ...example,
          SUPABASE_JWT_SECRET: secret,
          SECRET_KEY: secret,
        });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a rejection');
    })();
    expect(error.message).toContain('SUPABASE_JWT_SECRET');
    expect(error.message).not.toContain(secret);
  });

  describe('in production', () => {
    const production = {
      ...example,
      NODE_ENV: 'production',
      SUPABASE_URL: 'https://project.supabase.co',
      SUPABASE_ANON_KEY: 'x'.repeat(40),
      SUPABASE_SERVICE_ROLE_KEY: 'y'.repeat(40),
      SUPABASE_JWT_SECRET: 'z'.repeat(40),
      SECRET_KEY: 's'.repeat(40),
    };

    it('accepts a project of its own', () => {
      expect(validateEnv(production).NODE_ENV).toBe('production');
    });

    it.each([
      ['SUPABASE_JWT_SECRET', LOCAL_SUPABASE_JWT_SECRET],
      ['SUPABASE_ANON_KEY', LOCAL_SUPABASE_ANON_KEY],
      ['SUPABASE_SERVICE_ROLE_KEY', LOCAL_SUPABASE_SERVICE_ROLE_KEY],
      ['SECRET_KEY', example.SECRET_KEY],
    ])('refuses the well-known local %s', (name, value) => {
      const problems = problemsOf({ ...production, [name]: value });
      expect(problems).toEqual([
        `${name}: ${name} is a well-known local development value and is refused in production`,
      ]);
    });

    it('still accepts the local values outside production', () => {
      expect(() =>
        validateEnv({
          ...production,
          NODE_ENV: 'staging',
          SUPABASE_JWT_SECRET: LOCAL_SUPABASE_JWT_SECRET,
        }),
      ).not.toThrow();
    });
  });
});
