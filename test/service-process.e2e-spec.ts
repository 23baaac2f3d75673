import { freePort } from './support/ports';
import { ServiceProcess } from './support/service-process';

/** A production-like environment whose data API does not exist. */
async function productionEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SUPABASE_URL: `http://127.0.0.1:${await freePort()}`,
    SUPABASE_ANON_KEY: 'anon-key-of-a-real-project-0123456789',
    SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-of-a-real-project-0123456789',
    SUPABASE_JWT_SECRET: 'jwt-secret-of-a-real-project-0123456789abcdef',
    SECRET_KEY: 'secret-key-of-a-real-deployment-0123456789',
    SHUTDOWN_GRACE_MS: '0',
    DB_CONNECT_RETRIES: '0',
  };
}

describe('node dist/main.js', () => {
  let service: ServiceProcess | undefined;

  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('exits non-zero before listening, naming every bad variable and no secret', async () => {
    const env = await productionEnv();
    const leakedSecret = 'too-short-secret';
    service = new ServiceProcess({
      ...env,
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      SUPABASE_URL: 'not-a-url',
      SUPABASE_JWT_SECRET: leakedSecret,
    });
    expect(await service.exited).toBe(1);
    const stderr = service.stderr.join('');
    for (const name of [
      'PORT',
      'LOG_LEVEL',
      'SUPABASE_URL',
      'SUPABASE_JWT_SECRET',
    ]) {
      expect(stderr).toContain(`- ${name}:`);
    }
    expect(stderr).not.toContain(leakedSecret);
    expect(service.stdout.join('')).toBe('');
  });

  it('refuses the well-known local JWT secret in production', async () => {
    service = new ServiceProcess({
      ...(await productionEnv()),
      SUPABASE_JWT_SECRET:
        'super-secret-jwt-token-with-at-least-32-characters-long',
    });
    expect(await service.exited).toBe(1);
    expect(service.stderr.join('')).toContain(
      'SUPABASE_JWT_SECRET is a well-known local development value',
    );
  });

  describe('with a valid environment and no database', () => {
    let env: NodeJS.ProcessEnv;
    let base: string;

    beforeEach(async () => {
      env = await productionEnv();
      base = `http://127.0.0.1:${env.PORT}/api/v1`;
      service = new ServiceProcess(env);
      await service.waitForLog((line) =>
        String(line.msg).includes('listening on'),
      );
    });

    it('logs one JSON start line with name, version, environment and URL', () => {
      const start = service!
        .logLines()
        .filter((l) => String(l.msg).includes('listening on'));
      expect(start).toHaveLength(1);
      expect(start[0]).toMatchObject({
        service: 'Visual CRM API',
        env: 'production',
        msg: expect.stringContaining(
          `(production) listening on ${base}`,
        ) as unknown,
      });
      expect(start[0].version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('answers liveness 200 and does not log the successful probe', async () => {
      const res = await fetch(`${base}/health`, {
        headers: { 'x-request-id': 'live-1' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
      await fetch(`${base}/nope`, {
        headers: { 'x-request-id': 'after-probe' },
      });
      await service!.waitForLog(
        (l) => (l.req as { id?: string })?.id === 'after-probe',
      );
      expect(service!.stdout.join('')).not.toContain('live-1');
    });

    it('logs a request with its id and without the credentials it carried', async () => {
      const token = 'eyJhbGciOiJIUzI1NiJ9.secret-payload.signature';
      const res = await fetch(`${base}/nope`, {
        headers: {
          authorization: `Bearer ${token}`,
          apikey: env.SUPABASE_ANON_KEY!,
          cookie: 'session=cookie-secret',
          'x-request-id': 'req-with-secrets',
        },
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('x-request-id')).toBe('req-with-secrets');
      const line = await service!.waitForLog(
        (l) => (l.req as { id?: string })?.id === 'req-with-secrets',
      );
      expect(line).toMatchObject({ res: { statusCode: 404 } });
      const all = service!.stdout.join('');
      for (const secret of [token, env.SUPABASE_ANON_KEY!, 'cookie-secret']) {
        expect(all).not.toContain(secret);
      }
    });

    it('exits 0 on SIGTERM', async () => {
      service!.kill('SIGTERM');
      expect(await service!.exited).toBe(0);
    });
  });
});
