import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crmClient } from '../../client/crm-client';
import { createTestApp } from '../support/app';
import { ROOT } from '../support/service-process';
import { customerInput, signedInUser } from '../support/users';

describe('the typed client generated from openapi.json', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createTestApp({ env: { RATE_LIMIT_PER_USER: '3' } });
    await app.listen(0, '127.0.0.1');
    baseUrl = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('is current: client/api.d.ts is what npm run client:types makes of openapi.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-client-'));
    try {
      const fresh = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
          join(ROOT, 'openapi.json'),
          // As npm run client:types: a default does not make a request field required.
          '--default-non-nullable',
          'false',
          '--output',
          join(dir, 'api.d.ts'),
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(fresh.status).toBe(0);
      expect(readFileSync(join(dir, 'api.d.ts'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'client/api.d.ts'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists, creates, meets a 409 and a 429, each typed', async () => {
    const user = await signedInUser();
    const api = crmClient(baseUrl, user.token);
    const body = customerInput({ tags: ['typed'] });

    const workspace = { workspaceId: user.workspaceId };
    const created = await api.POST('/workspaces/{workspaceId}/customers', {
      params: { path: workspace },
      body: { name: body.name as string, email: body.email as string },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.email).toBe(body.email);

    const listed = await api.GET('/workspaces/{workspaceId}/customers', {
      params: { path: workspace, query: { limit: 5, sort: 'name' } },
    });
    expect(listed.data?.data.map((c) => c.id)).toEqual([created.data?.id]);
    expect(listed.response.headers.get('ratelimit')).toMatch(/"user";r=\d+/);

    const duplicate = await api.POST('/workspaces/{workspaceId}/customers', {
      params: { path: workspace },
      body: { name: 'Again', email: body.email as string },
    });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({ status: 409, title: 'Conflict' });

    const limited = await api.GET('/workspaces/{workspaceId}/customers/{id}', {
      params: { path: { ...workspace, id: created.data!.id } },
    });
    expect(limited.response.status).toBe(429);
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(
      0,
    );
    expect(limited.error).toMatchObject({ status: 429 });
  });
});
