import { LOCAL_PROJECT } from '../../scripts/lib/keys';
import { freePort } from '../../scripts/lib/ports';
import { ServiceProcess } from '../support/service-process';

/** A production-like environment whose data API does not exist. */
async function productionEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    SUPABASE_URL: `http://127.0.0.1:${await freePort()}`,
    SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_of-a-real-project-0123456789',
    SUPABASE_SECRET_KEY: 'sb_secret_of-a-real-project-0123456789',
    SUPABASE_JWT_SECRET: 'jwt-secret-of-a-real-project-0123456789abcdef',
    SECRET_KEY: 'secret-key-of-a-real-deployment-0123456789',
    // A database that does not answer either: live updates stay down, the service serves.
    DATABASE_URL: `postgresql://crm:secret@127.0.0.1:${await freePort()}/postgres`,
    SHUTDOWN_GRACE_MS: '0',
    DB_CONNECT_RETRIES: '0',
    // The test client stands in for an ingress on the same host.
    TRUST_PROXY: 'loopback',
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

  it('refuses the well-known local keys and secret in production, new and legacy', async () => {
    service = new ServiceProcess({
      ...(await productionEnv()),
      SUPABASE_PUBLISHABLE_KEY: LOCAL_PROJECT.publishableKey,
      SUPABASE_SECRET_KEY: LOCAL_PROJECT.secretKey,
      SUPABASE_SERVICE_ROLE_KEY: LOCAL_PROJECT.serviceRoleKey,
      SUPABASE_JWT_SECRET: LOCAL_PROJECT.jwtSecret,
    });
    expect(await service.exited).toBe(1);
    for (const name of [
      'SUPABASE_PUBLISHABLE_KEY',
      'SUPABASE_SECRET_KEY',
      'SUPABASE_SERVICE_ROLE_KEY',
      'SUPABASE_JWT_SECRET',
    ]) {
      expect(service.stderr.join('')).toContain(
        `${name} is a well-known local development value`,
      );
    }
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
          apikey: env.SUPABASE_SECRET_KEY!,
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
      for (const secret of [token, env.SUPABASE_SECRET_KEY!, 'cookie-secret']) {
        expect(all).not.toContain(secret);
      }
    });

    it('logs parameter names but not their values, and the forwarded client address', async () => {
      await fetch(`${base}/nope?q=Ada%20Lovelace&cursor=c2VjcmV0&q=again`, {
        headers: {
          'x-request-id': 'req-with-query',
          'x-forwarded-for': '203.0.113.9',
        },
      });
      const line = await service!.waitForLog(
        (l) => (l.req as { id?: string })?.id === 'req-with-query',
      );
      expect(line.req).toMatchObject({
        url: '/api/v1/nope?q&cursor',
        remoteAddress: '203.0.113.9',
      });
      expect(service!.stdout.join('')).not.toMatch(/Lovelace|c2VjcmV0/);
    });

    it('exits 0 on SIGTERM', async () => {
      service!.kill('SIGTERM');
      expect(await service!.exited).toBe(0);
    });
  });
});
