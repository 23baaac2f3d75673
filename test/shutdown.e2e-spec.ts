import { freePort } from './support/ports';
import { ServiceProcess } from './support/service-process';

/** A production environment on the test stack; made-up keys, so readiness stays down. */
function productionEnv(port: number): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    SUPABASE_URL: process.env.SUPABASE_URL,
    SUPABASE_ANON_KEY: 'anon-key-of-a-test-project-0123456789',
    SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-of-a-test-project-0123456789',
    SUPABASE_JWT_SECRET: 'jwt-secret-of-a-test-project-0123456789abcdef',
    SECRET_KEY: 'secret-key-of-a-test-deployment-0123456789',
  };
}

describe('SIGTERM to node dist/main.js', () => {
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api/v1`;
    service = new ServiceProcess({
      ...productionEnv(port),
      HEALTH_DB_CACHE_MS: '0',
      SHUTDOWN_GRACE_MS: '1500',
    });
    await service.waitForLog((line) =>
      String(line.msg).includes('listening on'),
    );
  });

  afterAll(() => service.stop());

  it('turns readiness 503 at once, keeps serving through the grace period, then exits 0', async () => {
    // The gateway refuses these made-up keys, so readiness is down for that reason first;
    // what matters here is the switch to "shutting down" and the rest being served.
    service.kill('SIGTERM');
    await service.waitForLog((line) =>
      String(line.msg).includes('readiness is down'),
    );
    const signalledAt = Date.now();

    const readiness = await fetch(`${base}/health/database`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({
      error: { lifecycle: { status: 'down', message: 'shutting down' } },
    });
    const liveness = await fetch(`${base}/health`);
    expect(liveness.status).toBe(200);
    expect(Date.now() - signalledAt).toBeLessThan(1500);

    expect(await service.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(1200);
    expect(
      service.logLines().some((line) => line.msg === 'Shut down cleanly'),
    ).toBe(true);
  });
});

describe('a second signal during the grace period', () => {
  it('exits at once', async () => {
    const port = await freePort();
    const service = new ServiceProcess({
      ...productionEnv(port),
      SHUTDOWN_GRACE_MS: '30000',
    });
    try {
      await service.waitForLog((line) =>
        String(line.msg).includes('listening on'),
      );
      service.kill('SIGTERM');
      await service.waitForLog((line) =>
        String(line.msg).includes('readiness is down'),
      );
      const second = Date.now();
      service.kill('SIGTERM');
      expect(await service.exited).toBe(1);
      expect(Date.now() - second).toBeLessThan(2000);
    } finally {
      await service.stop();
    }
  });
});
