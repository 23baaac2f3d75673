import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOpenApi, servedOpenApi } from '../../scripts/lib/served-openapi';
import { createTestApp } from '../support/app';
import type { OpenApiDocument } from '../support/openapi-document';
import { ROOT } from '../support/service-process';
import { signedInUser } from '../support/users';

describe('the API contract (OpenAPI)', () => {
  let app: NestFastifyApplication;
  let doc: OpenApiDocument;
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        name: `${method.toUpperCase()} ${path}`,
        op,
      })),
    );

  beforeAll(async () => {
    app = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json<OpenApiDocument>();
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists every path and method, under the server URL /api/v1', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/api/v1' })]);
    expect(
      operations()
        .map((o) => o.name)
        .sort(),
    ).toEqual(
      [
        'GET /workspaces',
        'POST /workspaces',
        'GET /workspaces/{workspaceId}',
        'PATCH /workspaces/{workspaceId}',
        'DELETE /workspaces/{workspaceId}',
        'GET /workspaces/{workspaceId}/members',
        'PATCH /workspaces/{workspaceId}/members/{userId}',
        'DELETE /workspaces/{workspaceId}/members/{userId}',
        'POST /workspaces/{workspaceId}/invitations',
        'GET /workspaces/{workspaceId}/invitations',
        'DELETE /workspaces/{workspaceId}/invitations/{invitationId}',
        'POST /invitations/accept',
        'GET /workspaces/{workspaceId}/customers',
        'POST /workspaces/{workspaceId}/customers',
        'GET /workspaces/{workspaceId}/customers/{id}',
        'PATCH /workspaces/{workspaceId}/customers/{id}',
        'DELETE /workspaces/{workspaceId}/customers/{id}',
        'POST /workspaces/{workspaceId}/customers/{id}/restore',
        'GET /workspaces/{workspaceId}/customers/{id}/deals',
        'GET /workspaces/{workspaceId}/pipelines',
        'POST /workspaces/{workspaceId}/pipelines',
        'GET /workspaces/{workspaceId}/pipelines/{pipelineId}',
        'PATCH /workspaces/{workspaceId}/pipelines/{pipelineId}',
        'DELETE /workspaces/{workspaceId}/pipelines/{pipelineId}',
        'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/board',
        'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/summary',
        'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/stages',
        'POST /workspaces/{workspaceId}/pipelines/{pipelineId}/stages',
        'PUT /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/order',
        'PATCH /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}',
        'DELETE /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}',
        'GET /workspaces/{workspaceId}/pipelines/{pipelineId}/stages/{stageId}/deals',
        'GET /workspaces/{workspaceId}/deals',
        'POST /workspaces/{workspaceId}/deals',
        'GET /workspaces/{workspaceId}/deals/{dealId}',
        'PATCH /workspaces/{workspaceId}/deals/{dealId}',
        'DELETE /workspaces/{workspaceId}/deals/{dealId}',
        'GET /workspaces/{workspaceId}/deals/{dealId}/contacts',
        'POST /workspaces/{workspaceId}/deals/{dealId}/contacts',
        'PATCH /workspaces/{workspaceId}/deals/{dealId}/contacts/{customerId}',
        'DELETE /workspaces/{workspaceId}/deals/{dealId}/contacts/{customerId}',
        'POST /workspaces/{workspaceId}/companies/{id}/merge',
        'POST /workspaces/{workspaceId}/customers/{id}/merge',
        'POST /workspaces/{workspaceId}/deals/{dealId}/move',
        'POST /workspaces/{workspaceId}/deals/{dealId}/restore',
        'GET /workspaces/{workspaceId}/activities',
        'PATCH /workspaces/{workspaceId}/activities/{activityId}',
        'GET /workspaces/{workspaceId}/customers/{id}/activities',
        'POST /workspaces/{workspaceId}/customers/{id}/activities',
        'GET /workspaces/{workspaceId}/deals/{dealId}/activities',
        'POST /workspaces/{workspaceId}/deals/{dealId}/activities',
        'GET /workspaces/{workspaceId}/tasks',
        'GET /workspaces/{workspaceId}/companies',
        'POST /workspaces/{workspaceId}/companies',
        'GET /workspaces/{workspaceId}/companies/{id}',
        'PATCH /workspaces/{workspaceId}/companies/{id}',
        'DELETE /workspaces/{workspaceId}/companies/{id}',
        'POST /workspaces/{workspaceId}/companies/{id}/restore',
        'GET /workspaces/{workspaceId}/companies/{id}/customers',
        'GET /workspaces/{workspaceId}/companies/{id}/deals',
        'GET /workspaces/{workspaceId}/companies/{id}/activities',
        'POST /workspaces/{workspaceId}/companies/{id}/activities',
        'GET /workspaces/{workspaceId}/companies/duplicates',
        'GET /workspaces/{workspaceId}/customers/duplicates',
        'GET /workspaces/{workspaceId}/search',
        'GET /workspaces/{workspaceId}/events',
        'GET /health',
        'GET /health/database',
        'GET /health/detailed',
      ].sort(),
    );
  });

  it('gives every operation a camelCase operationId, a summary and a tag', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, op } of operations()) {
      expect([name, op.operationId]).toEqual([
        name,
        expect.stringMatching(/^[a-z][A-Za-z]+$/),
      ]);
      expect([name, op.summary]).toEqual([name, expect.any(String)]);
      expect([name, op.tags?.length]).toEqual([name, 1]);
    }
  });

  it('declares bearer authentication for all, and none for the public health routes', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(Object.values(doc.components.securitySchemes)).toContainEqual(
      expect.objectContaining({ scheme: 'bearer' }),
    );
    for (const { name, op } of operations()) {
      expect([name, op.security]).toEqual([
        name,
        name.includes('/health') ? [] : undefined,
      ]);
    }
  });

  it('documents 401, 429 and 503 as problem+json on every authenticated operation, with the rate-limit fields', () => {
    for (const { name, op } of operations().filter(
      (o) => !o.name.includes('/health'),
    )) {
      for (const status of ['401', '429', '503']) {
        expect([
          name,
          status,
          Object.keys(op.responses[status]?.content ?? {}),
        ]).toEqual([name, status, ['application/problem+json']]);
      }
      expect(Object.keys(op.responses['429'].headers ?? {}).sort()).toEqual(
        [
          'Access-Control-Allow-Origin',
          'RateLimit',
          'RateLimit-Policy',
          'Retry-After',
        ].sort(),
      );
    }
  });

  it('sends the rate-limit fields it documents on a limited route, and none on the probes', async () => {
    const user = await signedInUser();
    const limited = await app.inject({
      method: 'GET',
      url: user.customers,
      headers: user.headers,
    });
    expect(limited.headers['ratelimit-policy']).toMatch(
      /^"ip";q=\d+;w=\d+, "user";q=\d+;w=\d+$/,
    );
    expect(limited.headers.ratelimit).toMatch(
      /^"ip";r=\d+;t=\d+, "user";r=\d+;t=\d+$/,
    );
    const probe = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(probe.headers.ratelimit).toBeUndefined();
  });

  it('links its licence, and serves the text at that link', async () => {
    expect(doc.info.license).toEqual({
      name: 'Proprietary',
      url: '/api/docs/license.txt',
    });
    const res = await app.inject({ method: 'GET', url: doc.info.license.url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
  });

  it('serves the UI at /api/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  describe('as the built service serves it', () => {
    let served: string;

    beforeAll(async () => {
      served = formatOpenApi(await servedOpenApi(ROOT));
    });

    it('is committed as openapi.json (npm run openapi)', () => {
      expect(readFileSync(join(ROOT, 'openapi.json'), 'utf8')).toBe(served);
    });

    /** Runs a linter on the served document, written to a temp dir of its own. */
    function lintServed(command: (file: string) => string[]) {
      const dir = mkdtempSync(join(tmpdir(), 'crm-openapi-'));
      try {
        writeFileSync(join(dir, 'openapi.json'), served);
        return spawnSync(process.execPath, command(join(dir, 'openapi.json')), {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', CI: 'true' },
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("passes the OWASP API Security Top 10 ruleset (Spectral's) with no error", () => {
      const lint = lintServed((file) => [
        join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js'),
        'lint',
        file,
        '--ruleset',
        join(ROOT, '.spectral.yaml'),
        '--format',
        'json',
        '--fail-severity',
        'error',
        '--quiet',
      ]);
      const errors = (
        JSON.parse(lint.stdout) as {
          code: string;
          severity: number;
          path: string[];
        }[]
      )
        .filter((problem) => problem.severity === 0)
        .map((problem) => `${problem.code} at ${problem.path.join('.')}`);
      expect(errors).toEqual([]);
      expect(lint.status).toBe(0);
    });

    it("passes Redocly's recommended rules with no error and no warning", () => {
      const lint = lintServed((file) => [
        join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'),
        'lint',
        file,
        '--config',
        join(ROOT, 'redocly.yaml'),
        '--format',
        'json',
      ]);
      const report = JSON.parse(lint.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string }[];
      };
      expect(report.problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      expect(lint.status).toBe(0);
    });
  });
});
