import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { createTestApp } from '../support/app';

/** Any customers route: the address budget is spent before the body or the token is read. */
const CUSTOMERS =
  '/api/v1/workspaces/00000000-0000-4000-8000-000000000000/customers';
const PER_IP = 6;
const ALLOWED_ORIGIN = 'https://crm.example.test';

/** Bodies refused for what they are, with the status each gets while the budget lasts. */
const BAD_BODIES = [
  {
    name: 'malformed JSON',
    type: 'application/json',
    payload: '{bad',
    status: 400,
  },
  { name: 'plain text', type: 'text/plain', payload: 'hello', status: 415 },
  {
    name: 'a body over 1 MiB',
    type: 'application/json',
    payload: `"${'x'.repeat(1024 * 1024)}"`,
    status: 413,
  },
] as const;

/** The documentation's routes, which Nest does not own (SwaggerModule and ours on Fastify). */
const DOCS_ROUTES = [
  '/api/docs-json',
  '/api/docs',
  '/api/docs/swagger-ui-init.js',
  '/api/docs/license.txt',
];

/** What is left of the address budget, as the answer's RateLimit field says. */
function remaining(headers: OutgoingHttpHeaders): number | undefined {
  const match = /"ip";r=(\d+)/.exec(String(headers.ratelimit ?? ''));
  return match ? Number(match[1]) : undefined;
}

describe('the address budget, spent before the body is read', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({
      env: { RATE_LIMIT_PER_IP: String(PER_IP), CORS_ORIGINS: ALLOWED_ORIGIN },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  const postBody = (body: (typeof BAD_BODIES)[number], remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: CUSTOMERS,
      remoteAddress,
      headers: { 'content-type': body.type, origin: ALLOWED_ORIGIN },
      payload: body.payload,
    });

  /** Spends an address's whole budget with requests that carry no body at all. */
  async function spendBudget(remoteAddress: string): Promise<void> {
    for (let i = 0; i < PER_IP; i++) {
      const res = await app.inject({
        method: 'GET',
        url: CUSTOMERS,
        remoteAddress,
      });
      expect(res.statusCode).toBe(401);
    }
  }

  it('counts bodies refused as 400, 413 and 415, once each', async () => {
    const address = '192.0.2.40';
    const seen: [string, number, number | undefined][] = [];
    for (const body of [...BAD_BODIES, ...BAD_BODIES]) {
      const res = await postBody(body, address);
      seen.push([body.name, res.statusCode, remaining(res.headers)]);
    }
    expect(seen).toEqual(
      [...BAD_BODIES, ...BAD_BODIES].map((body, i) => [
        body.name,
        body.status,
        PER_IP - 1 - i,
      ]),
    );
    const next = await app.inject({
      method: 'GET',
      url: CUSTOMERS,
      remoteAddress: address,
    });
    expect(next.statusCode).toBe(429);
  });

  it.each(BAD_BODIES)(
    'refuses $name from an address over its budget with a 429, unread',
    async (body) => {
      const address = `192.0.2.${50 + BAD_BODIES.indexOf(body)}`;
      await spendBudget(address);
      const res = await postBody(body, address);
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.headers['ratelimit-policy']).toBe(`"ip";q=${PER_IP};w=60`);
      expect(remaining(res.headers)).toBe(0);
      // The browser may read the refusal: CORS names the origin before the budget refuses.
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    },
  );

  it('counts the documentation routes like any other, and refuses them over budget', async () => {
    const address = '192.0.2.60';
    const seen: [string, number, number | undefined][] = [];
    for (const url of DOCS_ROUTES) {
      const res = await app.inject({
        method: 'GET',
        url,
        remoteAddress: address,
      });
      seen.push([url, res.statusCode, remaining(res.headers)]);
    }
    expect(seen).toEqual(
      DOCS_ROUTES.map((url, i) => [url, 200, PER_IP - 1 - i]),
    );
    for (let i = DOCS_ROUTES.length; i < PER_IP; i++) {
      await app.inject({
        method: 'GET',
        url: CUSTOMERS,
        remoteAddress: address,
      });
    }
    for (const url of DOCS_ROUTES) {
      const res = await app.inject({
        method: 'GET',
        url,
        remoteAddress: address,
      });
      expect([url, res.statusCode]).toEqual([url, 429]);
    }
  });

  it('serves the document as JSON only: no YAML, dumped anew on every request', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/docs-yaml',
      remoteAddress: '192.0.2.70',
    });
    expect(res.statusCode).toBe(404);
  });
});
