import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';

describe('GET /api/v1/health', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 200 with the Terminus body and no caching', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      info: {},
      error: {},
      details: {},
    });
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('echoes an x-request-id it was sent', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'probe-42.abc' },
    });
    expect(res.headers['x-request-id']).toBe('probe-42.abc');
  });

  it('generates a request id when none, or an unsafe one, is sent', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/v1/health' });
    const unsafe = await app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'evil\u2028id with spaces' },
    });
    const uuid =
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(none.headers['x-request-id']).toMatch(uuid);
    expect(unsafe.headers['x-request-id']).toMatch(uuid);
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 404,
      title: 'Not Found',
      instance: '/api/v1/nope',
    });
  });
});
