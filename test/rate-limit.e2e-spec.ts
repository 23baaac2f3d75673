import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './support/app';
import { apiAs, signedInUser } from './support/users';

describe('rate limits', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({
      env: { RATE_LIMIT_PER_USER: '3', RATE_LIMIT_PER_IP: '8' },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('gives each user a budget across routes, then 429 with Retry-After', async () => {
    const [alice, bob] = [await signedInUser(), await signedInUser()];
    const asAlice = apiAs(app, alice);
    expect((await asAlice.get('/api/v1/customers')).statusCode).toBe(200);
    expect(
      (await asAlice.post('/api/v1/customers', { name: 'A' })).statusCode,
    ).toBe(201);
    expect((await asAlice.get('/api/v1/customers?limit=1')).statusCode).toBe(
      200,
    );
    const limited = await asAlice.get('/api/v1/customers');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain(
      'application/problem+json',
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await apiAs(app, bob).get('/api/v1/customers')).statusCode).toBe(
      200,
    );
  });

  it('limits a client address before authentication, bad tokens included', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/customers',
        headers: { authorization: 'Bearer forged' },
      });
      answers.push(res.statusCode);
    }
    expect(answers).toContain(401);
    expect(answers.at(-1)).toBe(429);
  });

  it('never limits the probes', async () => {
    for (let i = 0; i < 20; i++) {
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode,
      ).toBe(200);
    }
  });
});
