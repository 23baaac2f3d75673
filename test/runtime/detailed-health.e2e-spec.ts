import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';

describe('GET /api/v1/health/detailed', () => {
  let app: NestFastifyApplication;

  // This process is the test runner: its memory depends on what ran before, so the spec sets
  // thresholds it cannot reach, and one it must.
  const unreachable = {
    HEALTH_HEAP_USED_THRESHOLD_MB: '16384',
    HEALTH_RSS_THRESHOLD_MB: '32768',
  };

  beforeAll(async () => {
    app = await createTestApp({ env: unreachable });
  });

  afterAll(async () => {
    await app.close();
  });

  it('reports database, memory, event loop and build', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/health/detailed',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const { details } = res.json<{
      details: Record<string, Record<string, unknown>>;
    }>();
    expect(details.database).toMatchObject({ status: 'up' });
    expect(details.memory).toMatchObject({
      status: 'up',
      heapUsedMb: expect.any(Number) as unknown,
      rssMb: expect.any(Number) as unknown,
      heapUsedThresholdMb: 16384,
      rssThresholdMb: 32768,
    });
    expect(details.event_loop).toMatchObject({
      status: 'up',
      p99Ms: expect.any(Number) as unknown,
    });
    expect(details.app).toMatchObject({
      status: 'up',
      environment: 'test',
      node: process.version,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown,
      started_at: expect.any(String) as unknown,
    });
  });

  it('never shows a key, secret or database URL', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/health/detailed',
    });
    for (const name of [
      'SUPABASE_SECRET_KEY',
      'SUPABASE_PUBLISHABLE_KEY',
      'SECRET_KEY',
      'DATABASE_URL',
    ]) {
      expect(process.env[name]).toBeDefined();
      expect(res.body).not.toContain(process.env[name]!);
    }
  });

  it('turns a memory indicator down past its threshold', async () => {
    const small = await createTestApp({
      env: { ...unreachable, HEALTH_RSS_THRESHOLD_MB: '1' },
    });
    try {
      const res = await small.inject({
        method: 'GET',
        url: '/api/v1/health/detailed',
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        error: { memory: { status: 'down', message: 'RSS over threshold' } },
      });
    } finally {
      await small.close();
    }
  });
});
