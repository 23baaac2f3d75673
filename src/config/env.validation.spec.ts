import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import {
  EnvValidationError,
  currentEnv,
  envSchema,
  validateEnv,
} from './env.validation';
import LOCAL from './local-supabase.json';

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
      SUPABASE_PUBLISHABLE_KEY: example.SUPABASE_PUBLISHABLE_KEY,
      SUPABASE_SECRET_KEY: example.SUPABASE_SECRET_KEY,
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

  it('uses the local keys of .env.example, the ones the local stack serves', () => {
    expect(example).toMatchObject({
      SUPABASE_PUBLISHABLE_KEY: LOCAL.publishableKey,
      SUPABASE_SECRET_KEY: LOCAL.secretKey,
      SECRET_KEY: LOCAL.exampleSecretKey,
    });
  });

  describe('API keys', () => {
    const {
      SUPABASE_PUBLISHABLE_KEY: _p,
      SUPABASE_SECRET_KEY: _s,
      ...noKeys
    } = example;

    it.each([
      [
        'the current names',
        {
          SUPABASE_PUBLISHABLE_KEY: LOCAL.publishableKey,
          SUPABASE_SECRET_KEY: LOCAL.secretKey,
        },
      ],
      [
        'the legacy names',
        {
          SUPABASE_ANON_KEY: LOCAL.anonKey,
          SUPABASE_SERVICE_ROLE_KEY: LOCAL.serviceRoleKey,
        },
      ],
      [
        'new keys under legacy names',
        {
          SUPABASE_ANON_KEY: LOCAL.publishableKey,
          SUPABASE_SERVICE_ROLE_KEY: LOCAL.secretKey,
        },
      ],
      [
        'both names of a pair, of one kind',
        {
          SUPABASE_PUBLISHABLE_KEY: LOCAL.publishableKey,
          SUPABASE_ANON_KEY: LOCAL.anonKey,
          SUPABASE_SECRET_KEY: LOCAL.secretKey,
        },
      ],
    ])('accepts %s', (_case, keys) => {
      expect(() => validateEnv({ ...noKeys, ...keys })).not.toThrow();
    });

    it('requires one key of each pair, naming both names', () => {
      expect(problemsOf(noKeys)).toEqual([
        'SUPABASE_PUBLISHABLE_KEY or SUPABASE_ANON_KEY: one of these is required; the first is the current name',
        'SUPABASE_SECRET_KEY or SUPABASE_SERVICE_ROLE_KEY: one of these is required; the first is the current name',
      ]);
    });

    it.each([
      ['SUPABASE_PUBLISHABLE_KEY', LOCAL.secretKey, 'a secret key'],
      ['SUPABASE_ANON_KEY', LOCAL.serviceRoleKey, 'a secret key'],
      ['SUPABASE_SECRET_KEY', LOCAL.publishableKey, 'a public key'],
      ['SUPABASE_SERVICE_ROLE_KEY', LOCAL.anonKey, 'a public key'],
      ['SUPABASE_SECRET_KEY', 'y'.repeat(40), 'a value of no known key format'],
    ])('refuses %s holding a key of the other kind', (name, value, found) => {
      const problems = problemsOf({ ...example, [name]: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(
        new RegExp(`^${name}: ${name} holds ${found}; it takes`),
      );
      expect(problems[0]).not.toContain(value);
    });
  });

  describe.each(['staging', 'production'])('in %s', (environment) => {
    const deployed = {
      ...example,
      NODE_ENV: environment,
      SUPABASE_URL: 'https://project.supabase.co',
      SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_of-the-project-0123456789',
      SUPABASE_SECRET_KEY: 'sb_secret_of-the-project-0123456789',
      SECRET_KEY: 's'.repeat(40),
      DATABASE_URL:
        'postgresql://crm:s3cret@db.project.supabase.co:5432/postgres',
    };

    it('accepts a project of its own', () => {
      expect(validateEnv(deployed).NODE_ENV).toBe(environment);
    });

    it('requires DATABASE_URL, which live updates need', () => {
      const { DATABASE_URL: _, ...without } = deployed;
      expect(problemsOf(without)).toEqual([
        'DATABASE_URL: DATABASE_URL is required',
      ]);
    });

    it.each([
      ['SUPABASE_PUBLISHABLE_KEY', LOCAL.publishableKey],
      ['SUPABASE_SECRET_KEY', LOCAL.secretKey],
      ['SUPABASE_ANON_KEY', LOCAL.anonKey],
      ['SUPABASE_SERVICE_ROLE_KEY', LOCAL.serviceRoleKey],
      ['SUPABASE_JWT_SECRET', LOCAL.jwtSecret],
      ['SECRET_KEY', example.SECRET_KEY],
      ['DATABASE_URL', LOCAL.databaseUrl],
      ['DATABASE_URL', `${LOCAL.databaseUrl}?sslmode=disable`],
      ['DATABASE_URL', LOCAL.databaseAdminUrl],
      ['DATABASE_URL', `${LOCAL.databaseAdminUrl}?sslmode=disable`],
    ])('refuses the well-known local %s', (name, value) => {
      const problems = problemsOf({ ...deployed, [name]: value });
      expect(problems).toEqual([
        `${name}: ${name} is a well-known local development value and is refused outside development and test`,
      ]);
    });
  });

  it('accepts the local values in development and test', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(
        validateEnv({
          ...example,
          NODE_ENV,
          SUPABASE_JWT_SECRET: LOCAL.jwtSecret,
        }).SUPABASE_JWT_SECRET,
      ).toBe(LOCAL.jwtSecret);
    }
  });

  describe('TRUST_PROXY', () => {
    it.each([
      [undefined, 0],
      ['', 0],
      ['2', 2],
      ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
      ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
    ])('reads %j as %j', (value, expected) => {
      const env = { ...example };
      if (value !== undefined) env.TRUST_PROXY = value;
      expect(validateEnv(env).TRUST_PROXY).toEqual(expected);
    });

    it.each(['true', '*', '11', 'not-an-address', '10.0.0.0/8,true'])(
      'refuses %j',
      (value) => {
        expect(problemsOf({ ...example, TRUST_PROXY: value })).toEqual([
          expect.stringMatching(/^TRUST_PROXY/) as unknown,
        ]);
      },
    );
  });
});

describe(currentEnv.name, () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('validates the environment once, and again only after it changed', () => {
    Object.assign(process.env, example, { PORT: '8101' });
    const validate = jest.spyOn(envSchema, 'validate');
    expect(currentEnv().PORT).toBe(8101);
    expect(currentEnv().PORT).toBe(8101);
    expect(validate).toHaveBeenCalledTimes(1);
    process.env.PORT = '8102';
    expect(currentEnv().PORT).toBe(8102);
    expect(validate).toHaveBeenCalledTimes(2);
  });
});
