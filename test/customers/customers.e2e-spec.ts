import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { newProjectKeys } from '../../scripts/lib/keys';
import { HS256_KEY, accessTokenFor } from '../support/tokens';
import {
  apiAs,
  customerInput,
  signedInUser,
  type TestUser,
} from '../support/users';
import { directWithToken } from '../support/postgrest';
import type { Customer } from '../support/api-types';

describe('Customers API', () => {
  let app: NestFastifyApplication;
  let alice: TestUser;
  let bob: TestUser;
  /** Alice's personal workspace's customers. */
  let BASE: string;

  beforeAll(async () => {
    app = await createTestApp();
    [alice, bob] = [await signedInUser(), await signedInUser()];
    BASE = alice.customers;
  });

  afterAll(async () => {
    await app.close();
  });

  async function created(
    user: TestUser,
    overrides: Record<string, unknown> = {},
  ) {
    const res = await apiAs(app, user).post(
      user.customers,
      customerInput(overrides),
    );
    expect(res.statusCode).toBe(201);
    return res.json<Customer>();
  }

  describe('authentication', () => {
    it('answers 401 with a Bearer challenge when no token is sent', async () => {
      const res = await apiAs(app).get(BASE);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it.each([
      ['malformed', () => Promise.resolve('not-a-jwt')],
      [
        'expired',
        () =>
          accessTokenFor(alice.id, {
            expiresAt: Math.floor(Date.now() / 1000) - 60,
          }),
      ],
      [
        'wrongly signed',
        async () =>
          accessTokenFor(alice.id, {
            key: { alg: 'ES256', jwk: (await newProjectKeys()).signingKey },
          }),
      ],
      [
        'signed with the legacy secret, which this project does not use',
        () => accessTokenFor(alice.id, { key: HS256_KEY }),
      ],
      [
        'for another audience',
        () => accessTokenFor(alice.id, { audience: 'anon' }),
      ],
      ['for the anon role', () => accessTokenFor(alice.id, { role: 'anon' })],
    ])('answers 401 invalid_token to a %s token', async (_kind, token) => {
      const res = await app.inject({
        method: 'GET',
        url: BASE,
        headers: { authorization: `Bearer ${await token()}` },
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain(
        'error="invalid_token"',
      );
    });
  });

  describe('POST /api/v1/workspaces/{workspaceId}/customers', () => {
    it('creates a customer in the workspace, by the caller, with defaults', async () => {
      const res = await apiAs(app, alice).post(BASE, {
        name: '  Grace Hopper ',
        email: ' Grace@Example.TEST ',
        tags: ['navy'],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        workspace_id: alice.workspaceId,
        created_by: alice.id,
        name: 'Grace Hopper',
        email: 'grace@example.test',
        status: 'lead',
        tags: ['navy'],
        deleted_at: null,
      });
    });

    it('answers 409 to an email already used by a live customer, whatever its case', async () => {
      const first = await created(alice);
      const res = await apiAs(app, alice).post(
        BASE,
        customerInput({ email: first.email!.toUpperCase() }),
      );
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ status: 409, title: 'Conflict' });
      expect(res.body).not.toMatch(
        /customers_workspace_email_key|duplicate key/,
      );
    });

    it('lets another workspace, or a deleted customer’s replacement, use the same email', async () => {
      const first = await created(alice);
      expect(
        (
          await apiAs(app, bob).post(
            bob.customers,
            customerInput({ email: first.email }),
          )
        ).statusCode,
      ).toBe(201);
      await apiAs(app, alice).delete(`${BASE}/${first.id}`);
      expect(
        (
          await apiAs(app, alice).post(
            BASE,
            customerInput({ email: first.email }),
          )
        ).statusCode,
      ).toBe(201);
    });

    it.each([
      ['no name', { email: 'a@b.test' }, 'name'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a name of 201 characters', { name: 'x'.repeat(201) }, 'name'],
      ['an invalid email', { name: 'A', email: 'nope' }, 'email'],
      ['an unknown status', { name: 'A', status: 'royalty' }, 'status'],
      [
        '21 tags',
        { name: 'A', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        'tags',
      ],
      ['a tag of 51 characters', { name: 'A', tags: ['x'.repeat(51)] }, 'tags'],
      [
        'a phone of 51 characters',
        { name: 'A', phone: '1'.repeat(51) },
        'phone',
      ],
      [
        'notes over 10,000 characters',
        { name: 'A', notes: 'n'.repeat(10_001) },
        'notes',
      ],
      ['a number for a name', { name: 42 }, 'name'],
      [
        'a workspace_id',
        { name: 'A', workspace_id: '00000000-0000-4000-8000-000000000001' },
        'workspace_id',
      ],
      [
        'a created_by',
        { name: 'A', created_by: '00000000-0000-4000-8000-000000000001' },
        'created_by',
      ],
      ['an unknown field', { name: 'A', vip: true }, 'vip'],
    ])('answers 400 naming the field to %s', async (_case, body, field) => {
      const res = await apiAs(app, alice).post(BASE, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
      ).toContain(field);
    });

    it('answers 400, not 500, to malformed JSON', async () => {
      const res = await app.inject({
        method: 'POST',
        url: BASE,
        headers: { ...alice.headers, 'content-type': 'application/json' },
        payload: '{"name": "A",',
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('GET, PATCH, DELETE and restore by id', () => {
    it('answers 400 to an id that is not a UUID', async () => {
      for (const res of [
        await apiAs(app, alice).get(`${BASE}/42`),
        await apiAs(app, alice).patch(`${BASE}/42`, { name: 'x' }),
        await apiAs(app, alice).delete(`${BASE}/42`),
        await apiAs(app, alice).post(`${BASE}/42/restore`),
      ]) {
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          errors: [{ field: 'id', message: 'id must be a UUID' }],
        });
      }
    });

    it('gets, updates, clears a field, deletes and restores a customer', async () => {
      const customer = await created(alice, {
        phone: '+1 555 0100',
        status: 'prospect',
      });
      const api = apiAs(app, alice);
      expect((await api.get(`${BASE}/${customer.id}`)).json()).toMatchObject({
        id: customer.id,
      });

      const updated = await api.patch(`${BASE}/${customer.id}`, {
        status: 'active',
        phone: null,
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({
        status: 'active',
        phone: null,
        name: customer.name,
      });

      expect((await api.delete(`${BASE}/${customer.id}`)).statusCode).toBe(204);
      expect((await api.get(`${BASE}/${customer.id}`)).statusCode).toBe(404);
      expect(
        (await api.patch(`${BASE}/${customer.id}`, { name: 'x' })).statusCode,
      ).toBe(404);
      expect((await api.delete(`${BASE}/${customer.id}`)).statusCode).toBe(404);

      const restored = await api.post(`${BASE}/${customer.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({
        id: customer.id,
        deleted_at: null,
        status: 'active',
      });
      expect((await api.get(`${BASE}/${customer.id}`)).statusCode).toBe(200);
    });

    it('answers 400 to an update that changes nothing or nulls a required field', async () => {
      const customer = await created(alice);
      const api = apiAs(app, alice);
      expect((await api.patch(`${BASE}/${customer.id}`, {})).statusCode).toBe(
        400,
      );
      for (const body of [{ name: null }, { status: null }, { tags: null }]) {
        expect(
          (await api.patch(`${BASE}/${customer.id}`, body)).statusCode,
        ).toBe(400);
      }
    });

    it('answers 404 in a workspace one is not a member of, and changes nothing', async () => {
      const customer = await created(alice);
      const asBob = apiAs(app, bob);
      expect((await asBob.get(`${BASE}/${customer.id}`)).statusCode).toBe(404);
      expect(
        (await asBob.patch(`${BASE}/${customer.id}`, { name: 'mine' }))
          .statusCode,
      ).toBe(404);
      expect((await asBob.delete(`${BASE}/${customer.id}`)).statusCode).toBe(
        404,
      );
      expect(
        (await asBob.post(`${BASE}/${customer.id}/restore`)).statusCode,
      ).toBe(404);
      const stillAlices = await apiAs(app, alice).get(`${BASE}/${customer.id}`);
      expect(stillAlices.json()).toMatchObject({
        name: customer.name,
        workspace_id: alice.workspaceId,
      });
      const wrongWorkspace = await apiAs(app, bob).get(
        `${bob.customers}/${customer.id}`,
      );
      expect(wrongWorkspace.statusCode).toBe(404);
    });

    it('answers 409 to restoring a customer whose email a live one took meanwhile', async () => {
      const api = apiAs(app, alice);
      const original = await created(alice);
      await api.delete(`${BASE}/${original.id}`);
      await created(alice, { email: original.email });
      expect(
        (await api.post(`${BASE}/${original.id}/restore`)).statusCode,
      ).toBe(409);
    });
  });

  describe('isolation through Row Level Security', () => {
    it("keeps one user's customers out of another's lists, both ways", async () => {
      const [carol, dave] = [await signedInUser(), await signedInUser()];
      const carols = await created(carol);
      const daves = await created(dave);
      const carolSees = (await apiAs(app, carol).get(carol.customers)).json<{
        data: Customer[];
      }>().data;
      const daveSees = (await apiAs(app, dave).get(dave.customers)).json<{
        data: Customer[];
      }>().data;
      expect(carolSees.map((c) => c.id)).toEqual([carols.id]);
      expect(daveSees.map((c) => c.id)).toEqual([daves.id]);
      const intruder = await apiAs(app, carol).get(dave.customers);
      expect(intruder.statusCode).toBe(404);
      expect(intruder.json()).toMatchObject({ detail: 'No such workspace.' });
    });

    it("hides a customer from another user's token sent straight to PostgREST", async () => {
      const customer = await created(alice);
      const asBob = directWithToken(bob.token);
      const read = await asBob
        .from('customers')
        .select('id')
        .eq('id', customer.id);
      expect(read.data).toEqual([]);
      const listed = await asBob.rpc('list_customers', {
        p_workspace_id: alice.workspaceId,
        p_limit: 100,
      });
      expect(listed.error?.code).toBe('PT404');
      expect(JSON.stringify(listed.data)).not.toContain(customer.id);
      const softDeleted = await asBob
        .from('customers')
        .update({ deleted_at: new Date().toISOString() })
        .eq('id', customer.id)
        .select();
      expect(softDeleted.data).toEqual([]);
      const hardDeleted = await asBob
        .from('customers')
        .delete()
        .eq('id', customer.id);
      expect(hardDeleted.error?.code).toBe('42501');
      expect(
        (await apiAs(app, alice).get(`${BASE}/${customer.id}`)).json(),
      ).toMatchObject({ deleted_at: null });
    });
  });
});
