import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createClient } from '@supabase/supabase-js';
import { LOCAL_PROJECT } from '../../scripts/lib/keys';
import type { Database } from '../../src/database/database.types';
import { createTestApp } from '../support/app';
import { createUser } from '../support/database';
import { HS256_KEY, accessTokenFor } from '../support/tokens';
import {
  apiAs,
  customerInput,
  customersOf,
  type TestUser,
} from '../support/users';

/** A project configured the older way: anon and service_role keys, HS256 access tokens. */
describe('a project on the legacy key model', () => {
  let app: NestFastifyApplication;
  let user: TestUser;
  let BASE: string;

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        SUPABASE_PUBLISHABLE_KEY: undefined,
        SUPABASE_SECRET_KEY: undefined,
        SUPABASE_ANON_KEY: LOCAL_PROJECT.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: LOCAL_PROJECT.serviceRoleKey,
        SUPABASE_JWT_SECRET: LOCAL_PROJECT.jwtSecret,
      },
    });
    const created = await createUser();
    const token = await accessTokenFor(created.id, { key: HS256_KEY });
    user = {
      ...created,
      token,
      headers: { authorization: `Bearer ${token}` },
      customers: customersOf(created.workspaceId),
    };
    BASE = user.customers;
  });

  afterAll(async () => {
    await app.close();
  });

  it('is ready: the service-role key reaches the data API', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/health/database',
    });
    expect(res.statusCode).toBe(200);
  });

  it('serves a whole customer journey to a user with an HS256 token', async () => {
    const api = apiAs(app, user);
    const created = await api.post(
      BASE,
      customerInput({ name: 'Legacy customer' }),
    );
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    expect((await api.get(`${BASE}/${id}`)).json()).toMatchObject({ id });
    expect(
      (await api.get(`${BASE}?q=Legacy`)).json<{ data: { id: string }[] }>()
        .data,
    ).toEqual([expect.objectContaining({ id })]);
    expect(
      (await api.patch(`${BASE}/${id}`, { status: 'active' })).json(),
    ).toMatchObject({ status: 'active' });
    expect((await api.delete(`${BASE}/${id}`)).statusCode).toBe(204);
    expect((await api.post(`${BASE}/${id}/restore`)).statusCode).toBe(200);
  });

  it('still takes ES256 tokens, from the project’s signing keys', async () => {
    const token = await accessTokenFor(user.id);
    const res = await app.inject({
      method: 'GET',
      url: BASE,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
  });

  it('is as limited straight through PostgREST with the anon key', async () => {
    const other = await createUser();
    const direct = createClient<Database>(
      process.env.SUPABASE_URL!,
      LOCAL_PROJECT.anonKey,
      {
        accessToken: () => accessTokenFor(other.id, { key: HS256_KEY }),
      },
    );
    const { data, error } = await direct.from('customers').select('id');
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });
});
