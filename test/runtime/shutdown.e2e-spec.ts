import { Agent, request } from 'undici';
import { sql } from '../support/database';
import { freePort } from '../../scripts/lib/ports';
import { ServiceProcess } from '../support/service-process';
import { customerInput, signedInUser } from '../support/users';

/** The built service against the test stack (its keys are the local ones: NODE_ENV test). */
function serviceEnv(port: number): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    SUPABASE_URL: process.env.SUPABASE_URL,
    SUPABASE_PUBLISHABLE_KEY: process.env.SUPABASE_PUBLISHABLE_KEY,
    SUPABASE_SECRET_KEY: process.env.SUPABASE_SECRET_KEY,
    SECRET_KEY: 'secret-key-of-a-test-deployment-0123456789',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
  };
}

describe('SIGTERM to node dist/main.js', () => {
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api/v1`;
    service = new ServiceProcess({
      ...serviceEnv(port),
      HEALTH_DB_CACHE_MS: '0',
      SHUTDOWN_GRACE_MS: '1500',
    });
    await service.waitForLog((line) =>
      String(line.msg).includes('listening on'),
    );
  });

  afterAll(() => service.stop());

  it('turns readiness from 200 to 503 at once, keeps serving through the grace period, then exits 0', async () => {
    const before = await request(`${base}/health/database`);
    expect(before.statusCode).toBe(200);
    expect(before.headers.connection).not.toBe('close');
    await before.body.dump();

    service.kill('SIGTERM');
    await service.waitForLog((line) =>
      String(line.msg).includes('readiness is down'),
    );
    const signalledAt = Date.now();

    const readiness = await request(`${base}/health/database`);
    expect(readiness.statusCode).toBe(503);
    expect(await readiness.body.json()).toMatchObject({
      error: { lifecycle: { status: 'down', message: 'shutting down' } },
    });
    // Served, but on a connection the client must not reuse: its next request goes elsewhere.
    const liveness = await request(`${base}/health`);
    expect(liveness.statusCode).toBe(200);
    expect(liveness.headers.connection).toBe('close');
    await liveness.body.dump();
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
      ...serviceEnv(port),
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

describe('SIGTERM while clients are writing', () => {
  it('fails no request during the grace period, and every acknowledged write is stored', async () => {
    const port = await freePort();
    const user = await signedInUser();
    const service = new ServiceProcess({
      ...serviceEnv(port),
      SHUTDOWN_GRACE_MS: '2000',
    });
    const pool = new Agent({ connections: 8 });
    try {
      await service.waitForLog((line) =>
        String(line.msg).includes('listening on'),
      );
      const acknowledged: string[] = [];
      const failures: string[] = [];
      let writing = true;
      const writer = async () => {
        while (writing) {
          try {
            const res = await request(
              `http://127.0.0.1:${port}${user.customers}`,
              {
                method: 'POST',
                dispatcher: pool,
                headers: {
                  ...user.headers,
                  'content-type': 'application/json',
                },
                body: JSON.stringify(customerInput()),
              },
            );
            const body = (await res.body.json()) as { id?: string };
            if (res.statusCode === 201 && body.id) acknowledged.push(body.id);
            else failures.push(`HTTP ${res.statusCode}`);
          } catch (error) {
            failures.push(String(error));
          }
        }
      };
      const writers = Array.from({ length: 8 }, writer);
      await new Promise((resolve) => setTimeout(resolve, 500));
      service.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 1500)); // inside the 2 s grace
      writing = false;
      await Promise.all(writers);

      expect(failures).toEqual([]);
      expect(acknowledged.length).toBeGreaterThan(20);
      const stored = await sql<{ n: string }>(
        'select count(*) as n from public.customers where id = any($1::uuid[])',
        [acknowledged],
      );
      expect(Number(stored[0].n)).toBe(acknowledged.length);
      expect(await service.exited).toBe(0);
    } finally {
      await pool.close();
      await service.stop();
    }
  });
});
