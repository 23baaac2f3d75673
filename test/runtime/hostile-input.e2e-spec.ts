import { connect } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { signedInUser, type TestUser } from '../support/users';

describe('hostile input', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  let base: string;

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    user = await signedInUser();
    base = `${await app.getUrl()}${user.customers}`.replace(
      '[::1]',
      '127.0.0.1',
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (payload: string | Buffer, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: user.customers,
      headers: { ...user.headers, 'content-type': contentType },
      payload,
    });

  function expectProblem(
    res: { statusCode: number; headers: Record<string, unknown> },
    status: number,
  ) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  }

  it('answers 413 to a body over 1 MB', async () => {
    expectProblem(
      await post(JSON.stringify({ name: 'a', notes: 'x'.repeat(1_100_000) })),
      413,
    );
  });

  it.each([
    ['a deeply nested array', '['.repeat(100_000) + ']'.repeat(100_000)],
    [
      'a deeply nested field',
      `{"name":"a","tags":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    ],
  ])('answers 400 to %s', async (_case, body) => {
    expectProblem(await post(body), 400);
  });

  it('answers 400 to invalid UTF-8 instead of storing replacement characters', async () => {
    const res = await post(
      Buffer.concat([
        Buffer.from('{"name":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    );
    expectProblem(res, 400);
    expect(res.json()).toMatchObject({
      detail: 'The body is not valid UTF-8.',
    });
  });

  it('refuses a body of thousands of unknown keys with a short answer', async () => {
    const keys = Array.from({ length: 92_000 }, (_, i) => `"k${i}":1`);
    const body = `{"name":"a",${keys.join(',')}}`;
    expect(body.length).toBeLessThan(1024 * 1024);
    const res = await post(body);
    expectProblem(res, 400);
    expect(res.payload.length).toBeLessThan(2000);
    expect(res.json()).toMatchObject({
      detail: 'The body has an object of more than 50 properties.',
    });
  });

  it('refuses 40,000 tags before validating any of them', async () => {
    const res = await post(
      JSON.stringify({
        name: 'a',
        tags: Array.from({ length: 40_000 }, (_, i) => `t${i % 10}`),
      }),
    );
    expectProblem(res, 400);
    expect(res.json()).toMatchObject({
      detail: 'The body has an array of more than 100 items.',
    });
  });

  it('lists a few dozen validation errors at most, and how many more there were', async () => {
    const unknown = Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [`extra${i}`, i]),
    );
    const res = await post(JSON.stringify({ name: 'a', ...unknown }));
    expectProblem(res, 400);
    const body = res.json<{ detail: string; errors: unknown[] }>();
    expect(body.errors).toHaveLength(20);
    expect(body.detail).toMatch(/and 25 more\.$/);
  });

  it.each([
    ['a form', 'application/x-www-form-urlencoded', 'name=Formed'],
    ['plain text', 'text/plain', '{"name":"Plain"}'],
    ['multipart', 'multipart/form-data; boundary=x', '--x--'],
  ])('answers 415 to %s, and creates nothing', async (_case, type, body) => {
    const res = await post(body, type);
    expectProblem(res, 415);
    const list = await app.inject({
      method: 'GET',
      url: `${user.customers}?q=${body.includes('Formed') ? 'Formed' : 'Plain'}`,
      headers: user.headers,
    });
    expect(list.json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('answers 400 to prototype poisoning', async () => {
    expectProblem(await post('{"name":"a","__proto__":{"admin":true}}'), 400);
  });

  it('answers 415 to a body without a content type', async () => {
    const res = await app.inject({
      method: 'POST',
      url: user.customers,
      headers: user.headers,
      payload: Buffer.from('{"name":"a"}'),
    });
    expectProblem(res, 415);
  });

  it('answers a 4xx to a query string beyond the header size limit', async () => {
    const res = await fetch(`${base}?q=${'a'.repeat(20_000)}`, {
      headers: user.headers,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('answers a 4xx to a flood of headers', async () => {
    const headers: Record<string, string> = { ...user.headers };
    for (let i = 0; i < 300; i++) headers[`x-flood-${i}`] = 'f'.repeat(100);
    const res = await fetch(base, { headers });
    expect(res.status).toBe(431);
  });

  it('keeps serving after all of the above', async () => {
    const res = await fetch(base, { headers: user.headers });
    expect(res.status).toBe(200);
  });
});

describe('slow clients', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    app = await createTestApp({
      limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 },
    });
    await app.listen(0, '127.0.0.1');
    port = Number(new URL(await app.getUrl()).port);
  });

  afterAll(async () => {
    await app.close();
  });

  /** Sends `data` and never finishes the request; resolves when the server hangs up. */
  function trickle(
    data: string,
  ): Promise<{ closedAfterMs: number; answer: string }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let answer = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(data));
      socket
        .setEncoding('utf8')
        .on('data', (chunk: string) => (answer += chunk));
      socket.on('close', () =>
        resolve({ closedAfterMs: Date.now() - started, answer }),
      );
      socket.on('error', reject);
      setTimeout(() => {
        socket.destroy();
        reject(new Error('the server kept a slow client for 10 s'));
      }, 10_000).unref();
    });
  }

  it('cuts off a client whose headers never end', async () => {
    const { closedAfterMs, answer } = await trickle(
      'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n',
    );
    expect(closedAfterMs).toBeLessThan(4000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a client whose body never ends', async () => {
    const { closedAfterMs } = await trickle(
      'POST /api/v1/workspaces/00000000-0000-4000-8000-000000000000/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na',
    );
    expect(closedAfterMs).toBeLessThan(5000);
  });
});

describe('a data API answer larger than the app will read', () => {
  let app: NestFastifyApplication;
  let user: TestUser;

  beforeAll(async () => {
    app = await createTestApp({ env: { DB_MAX_RESPONSE_BYTES: '16384' } });
    user = await signedInUser();
    // Rows as large as the database allows, written the way any user could.
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'POST',
        url: user.customers,
        headers: user.headers,
        payload: { name: `Large ${i}`, notes: 'n'.repeat(10_000) },
      });
      expect(res.statusCode).toBe(201);
    }
  });

  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  it('answers 503 with a fixed detail, logs why, and keeps serving', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error');
    const res = await app.inject({
      method: 'GET',
      url: user.customers,
      headers: user.headers,
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      detail: 'The database is unavailable right now; try again shortly.',
    });
    expect(logged.mock.calls.flat().join(' ')).toContain(
      'larger than 16384 bytes (DB_MAX_RESPONSE_BYTES)',
    );
    const small = await app.inject({
      method: 'GET',
      url: `${user.customers}?limit=1`,
      headers: user.headers,
    });
    expect(small.statusCode).toBe(200);
  });
});
