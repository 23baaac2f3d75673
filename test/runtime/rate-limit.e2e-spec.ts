import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { apiAs, signedInUser } from '../support/users';

/** Any customers route: the address budget is spent before the workspace is even looked at. */
const CUSTOMERS =
  '/api/v1/workspaces/00000000-0000-4000-8000-000000000000/customers';
const PER_IP = 8;

/** A new app per test: each starts with full budgets, whatever ran before. */
function limitedApp(trustProxy: string | undefined) {
  return createTestApp({
    env: {
      RATE_LIMIT_PER_USER: '3',
      RATE_LIMIT_PER_IP: String(PER_IP),
      TRUST_PROXY: trustProxy,
      // Detailed health reports this runner's memory, which depends on what ran before.
      HEALTH_HEAP_USED_THRESHOLD_MB: '16384',
      HEALTH_RSS_THRESHOLD_MB: '32768',
    },
  });
}

/** Requests with a forged token from one address (through a proxy when `forwardedFor`). */
async function anonymousAnswers(
  app: NestFastifyApplication,
  count: number,
  remoteAddress: string,
  forwardedFor?: string,
): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await app.inject({
      method: 'GET',
      url: CUSTOMERS,
      remoteAddress,
      headers: {
        authorization: 'Bearer forged',
        ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      },
    });
    answers.push(res.statusCode);
  }
  return answers;
}

describe('rate limits', () => {
  let app: NestFastifyApplication;

  beforeEach(async () => {
    app = await limitedApp('10.0.0.0/8');
  });

  afterEach(async () => {
    await app.close();
  });

  it('gives each user a budget across routes, then 429 with Retry-After', async () => {
    const [alice, bob] = [await signedInUser(), await signedInUser()];
    const asAlice = apiAs(app, alice);
    expect((await asAlice.get(alice.customers)).statusCode).toBe(200);
    expect(
      (await asAlice.post(alice.customers, { name: 'A' })).statusCode,
    ).toBe(201);
    expect((await asAlice.get(`${alice.customers}?limit=1`)).statusCode).toBe(
      200,
    );
    const limited = await asAlice.get(alice.customers);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain(
      'application/problem+json',
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await apiAs(app, bob).get(bob.customers)).statusCode).toBe(200);
  });

  it('limits a client address before authentication, bad tokens included', async () => {
    const answers = await anonymousAnswers(app, PER_IP + 1, '192.0.2.10');
    expect(answers.slice(0, PER_IP)).toEqual(Array(PER_IP).fill(401));
    expect(answers.at(-1)).toBe(429);
  });

  it('gives two clients behind one trusted proxy two budgets', async () => {
    const first = await anonymousAnswers(
      app,
      PER_IP + 1,
      '10.1.1.1',
      '203.0.113.7',
    );
    expect(first.at(-1)).toBe(429);
    const second = await anonymousAnswers(app, 1, '10.1.1.1', '203.0.113.8');
    expect(second).toEqual([401]);
  });

  it('ignores X-Forwarded-For from a peer it does not trust', async () => {
    const spent = await anonymousAnswers(
      app,
      PER_IP,
      '192.0.2.20',
      '203.0.113.1',
    );
    expect(spent).toEqual(Array(PER_IP).fill(401));
    // Another forwarded address from the same untrusted peer: the same budget, now spent.
    expect(await anonymousAnswers(app, 1, '192.0.2.20', '203.0.113.2')).toEqual(
      [429],
    );
  });

  it('never limits liveness and readiness', async () => {
    for (let i = 0; i < PER_IP * 2; i++) {
      for (const url of ['/api/v1/health', '/api/v1/health/database']) {
        const res = await app.inject({ method: 'GET', url });
        expect([url, res.statusCode]).toEqual([url, 200]);
      }
    }
  });

  it('limits detailed health, which anyone may call', async () => {
    const answers: number[] = [];
    for (let i = 0; i <= PER_IP; i++) {
      answers.push(
        (await app.inject({ method: 'GET', url: '/api/v1/health/detailed' }))
          .statusCode,
      );
    }
    expect(answers.slice(0, PER_IP)).toEqual(Array(PER_IP).fill(200));
    expect(answers.at(-1)).toBe(429);
  });
});

describe('rate limits with TRUST_PROXY as a hop count', () => {
  let app: NestFastifyApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('by default (0 hops) keys the budget by the peer, whatever X-Forwarded-For claims', async () => {
    app = await limitedApp(undefined);
    const spent = await anonymousAnswers(
      app,
      PER_IP,
      '192.0.2.30',
      '203.0.113.1',
    );
    expect(spent).toEqual(Array(PER_IP).fill(401));
    // A client that invents another forwarded address is still the same peer.
    expect(await anonymousAnswers(app, 1, '192.0.2.30', '203.0.113.2')).toEqual(
      [429],
    );
  });

  it('with 1 hop keys it by the nearest forwarded address, so one proxy carries many budgets', async () => {
    app = await limitedApp('1');
    const first = await anonymousAnswers(
      app,
      PER_IP + 1,
      '10.2.2.2',
      '203.0.113.7',
    );
    expect(first.at(-1)).toBe(429);
    expect(await anonymousAnswers(app, 1, '10.2.2.2', '203.0.113.8')).toEqual([
      401,
    ]);
    // Only the nearest hop is believed: an entry the client wrote further back changes nothing.
    expect(
      await anonymousAnswers(app, 1, '10.2.2.2', '198.51.100.99, 203.0.113.7'),
    ).toEqual([429]);
  });
});
