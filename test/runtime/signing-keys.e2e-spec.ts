import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../support/app';
import { signedInUser } from '../support/users';

describe("when the project's JWKS endpoint hangs", () => {
  let jwks: Server;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // Accepts connections and never answers.
    jwks = createServer(() => undefined);
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    app = await createTestApp({
      env: {
        SUPABASE_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
        SUPABASE_JWKS_TIMEOUT_MS: '300',
      },
    });
  });

  afterAll(async () => {
    await app.close();
    jwks.closeAllConnections();
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('answers 503 within the fetch bound instead of hanging, and liveness stays up', async () => {
    const user = await signedInUser();
    const started = Date.now();
    const res = await app.inject({
      method: 'GET',
      url: user.customers,
      headers: user.headers,
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      detail: 'Access tokens cannot be verified right now; try again shortly.',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode,
    ).toBe(200);
  });
});
