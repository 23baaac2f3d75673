import { connect } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './support/app';
import { signedInUser, type TestUser } from './support/users';

const URL_PATH = '/api/v1/customers';

describe('hostile input', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  let base: string;

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}${URL_PATH}`.replace('[::1]', '127.0.0.1');
    user = await signedInUser();
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (payload: string | Buffer, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: URL_PATH,
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

  it('answers 400 to prototype poisoning', async () => {
    expectProblem(await post('{"name":"a","__proto__":{"admin":true}}'), 400);
  });

  it('answers 415 to a body without a content type', async () => {
    const res = await app.inject({
      method: 'POST',
      url: URL_PATH,
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
      'POST /api/v1/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na',
    );
    expect(closedAfterMs).toBeLessThan(5000);
  });
});
