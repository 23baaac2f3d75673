import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { signedInUser, type TestUser } from '../support/users';

const ALLOWED = 'https://crm.example.test';
const FOREIGN = 'https://evil.example.test';

describe('CORS', () => {
  let app: NestFastifyApplication;
  let user: TestUser;

  beforeAll(async () => {
    app = await createTestApp({ env: { CORS_ORIGINS: ALLOWED } });
    user = await signedInUser();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (origin: string) =>
    app.inject({
      method: 'GET',
      url: user.customers,
      headers: { ...user.headers, origin },
    });
  const preflight = (origin: string) =>
    app.inject({
      method: 'OPTIONS',
      url: user.customers,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('lets an allowed origin read answers, and names only that origin', async () => {
    const res = await get(ALLOWED);
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-expose-headers']).toContain(
      'x-request-id',
    );
    expect(res.headers.vary).toContain('Origin');
  });

  it('names the allowed origin on problem answers too, as the contract declares on every answer', async () => {
    const unauthenticated = await app.inject({
      method: 'GET',
      url: user.customers,
      headers: { origin: ALLOWED },
    });
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.headers['access-control-allow-origin']).toBe(
      ALLOWED,
    );
    const invalid = await app.inject({
      method: 'GET',
      url: `${user.customers}?limit=0`,
      headers: { ...user.headers, origin: ALLOWED },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('gives a foreign origin nothing to read with, and never credentials', async () => {
    const res = await get(FOREIGN);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(
      (await get(ALLOWED)).headers['access-control-allow-credentials'],
    ).toBeUndefined();
  });

  it('answers the preflight of an allowed origin', async () => {
    const res = await preflight(ALLOWED);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toMatch(
      /authorization/i,
    );
  });

  it('does not approve the preflight of a foreign origin', async () => {
    const res = await preflight(FOREIGN);
    // Without an allowed origin the browser refuses the real request.
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
