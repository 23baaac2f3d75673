import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './support/app';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string }[]; responses: object }>
  >;
  components: { securitySchemes: Record<string, { scheme?: string }> };
}

describe('OpenAPI', () => {
  let app: NestFastifyApplication;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    app = await createTestApp();
    const res = await app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(res.statusCode).toBe(200);
    doc = res.json<OpenApiDocument>();
  });

  afterAll(async () => {
    await app.close();
  });

  it('lists every path and method of the API', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /api/v1/customers',
        'POST /api/v1/customers',
        'GET /api/v1/customers/{id}',
        'PATCH /api/v1/customers/{id}',
        'DELETE /api/v1/customers/{id}',
        'POST /api/v1/customers/{id}/restore',
        'GET /api/v1/health',
        'GET /api/v1/health/database',
        'GET /api/v1/health/detailed',
      ].sort(),
    );
  });

  it('documents every list parameter and the error responses', () => {
    const list = doc.paths['/api/v1/customers'].get;
    expect(list.parameters?.map((p) => p.name).sort()).toEqual(
      [
        'created_from',
        'created_to',
        'cursor',
        'limit',
        'page',
        'q',
        'sort',
        'status',
        'tag',
      ].sort(),
    );
    expect(Object.keys(list.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '503']),
    );
  });

  it('declares bearer authentication', () => {
    expect(Object.values(doc.components.securitySchemes)).toContainEqual(
      expect.objectContaining({ scheme: 'bearer' }),
    );
  });

  it('serves the UI at /api/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
