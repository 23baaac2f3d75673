import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sql, stackState } from '../support/database';
import { startLocalStack, stopLocalStack } from '../support/local-stack';

/** Statements on customers that reached Postgres (pg_stat_statements counts each as it ends). */
async function customersReads(): Promise<number> {
  const [row] = await sql<{ calls: string }>(
    `select coalesce(sum(calls), 0) as calls from extensions.pg_stat_statements
      where query like '%"public"."customers"%'`,
  );
  return Number(row.calls);
}

async function withFrozenPostgrest<T>(run: () => Promise<T>): Promise<T> {
  const { postgrestPid } = stackState();
  process.kill(postgrestPid, 'SIGSTOP');
  try {
    return await run();
  } finally {
    process.kill(postgrestPid, 'SIGCONT');
  }
}

describe('GET /api/v1/health/database (readiness)', () => {
  let app: NestFastifyApplication;
  const get = (url: string) => app.inject({ method: 'GET', url });

  beforeAll(async () => {
    app = await createTestApp({ env: { HEALTH_DB_CACHE_MS: '200' } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 200 with the response time when the customers table answers', async () => {
    const res = await get('/api/v1/health/database');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.json()).toMatchObject({
      status: 'ok',
      info: {
        database: {
          status: 'up',
          responseTimeMs: expect.any(Number) as unknown,
        },
      },
    });
  });

  it('answers 503 within 1 s while PostgREST is frozen, liveness stays 200, and it recovers', async () => {
    await new Promise((resolve) => setTimeout(resolve, 250)); // past the cache window
    await withFrozenPostgrest(async () => {
      const started = Date.now();
      const res = await get('/api/v1/health/database');
      const elapsed = Date.now() - started;
      expect(res.statusCode).toBe(503);
      expect(elapsed).toBeLessThan(1000);
      expect(res.json()).toMatchObject({
        status: 'error',
        error: {
          database: { status: 'down', message: 'no answer within 800 ms' },
        },
      });
      expect((await get('/api/v1/health')).statusCode).toBe(200);
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const recovered = await get('/api/v1/health/database');
    expect(recovered.statusCode).toBe(200);
  });

  it('costs the database a handful of queries for 500 concurrent probes', async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const before = await customersReads();
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => get('/api/v1/health/database')),
    );
    const after = await customersReads();
    expect(answers.every((res) => res.statusCode === 200)).toBe(true);
    expect(after - before).toBeGreaterThanOrEqual(1);
    expect(after - before).toBeLessThanOrEqual(3);
  });

  it('reports the last good check while down', async () => {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await get('/api/v1/health/database');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const down = await withFrozenPostgrest(() =>
      get('/api/v1/health/database'),
    );
    const body = down.json<{ error: { database: { last_up_at: string } } }>();
    expect(
      Date.now() - Date.parse(body.error.database.last_up_at),
    ).toBeLessThan(5000);
  });
});

describe('readiness when the whole stack stops', () => {
  it('turns from 200 to 503 and no secret appears in detailed health', async () => {
    const stack = await startLocalStack();
    const app = await createTestApp({
      env: { ...stack.env, HEALTH_DB_CACHE_MS: '0' },
    });
    try {
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/health/database' }))
          .statusCode,
      ).toBe(200);
      await stopLocalStack(stack);
      const down = await app.inject({
        method: 'GET',
        url: '/api/v1/health/database',
      });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({
        error: {
          database: { status: 'down', message: 'data API unreachable' },
        },
      });

      const detailed = await app.inject({
        method: 'GET',
        url: '/api/v1/health/detailed',
      });
      expect(detailed.statusCode).toBe(503);
      const secrets = [
        stack.env.SUPABASE_SECRET_KEY,
        stack.env.SUPABASE_PUBLISHABLE_KEY,
        stack.env.SUPABASE_SERVICE_ROLE_KEY,
        stack.env.SUPABASE_ANON_KEY,
        stack.env.SUPABASE_JWT_SECRET,
        stack.env.DATABASE_URL,
        process.env.SECRET_KEY!,
        'postgres:postgres',
      ];
      for (const secret of secrets) expect(detailed.body).not.toContain(secret);
    } finally {
      await app.close();
      await stopLocalStack(stack);
    }
  });
});
