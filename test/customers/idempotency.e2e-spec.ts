import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomUUID } from 'node:crypto';
import type { Json } from '../../src/database/database.types';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { customerInput, signedInUser, type TestUser } from '../support/users';
import { directWithToken } from '../support/postgrest';

describe('POST /api/v1/workspaces/{workspaceId}/customers with an Idempotency-Key', () => {
  let app: NestFastifyApplication;
  let user: TestUser;

  beforeAll(async () => {
    app = await createTestApp();
    user = await signedInUser();
  });

  afterAll(async () => {
    await app.close();
  });

  const create = (body: object, key: string, as: TestUser = user) =>
    app.inject({
      method: 'POST',
      url: as.customers,
      headers: { ...as.headers, 'idempotency-key': key },
      payload: body,
    });
  const rowsNamed = async (name: string) =>
    (await sql('select id from public.customers where name = $1', [name]))
      .length;

  it('answers a retry with the first answer and creates nothing new', async () => {
    const body = customerInput();
    const first = await create(body, 'retry-1');
    const again = await create(body, 'retry-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await rowsNamed(body.name as string)).toBe(1);
  });

  it('answers a retry that spells the workspace id in capitals as the same request', async () => {
    const body = customerInput();
    const first = await create(body, 'retry-capitals');
    const again = await app.inject({
      method: 'POST',
      url: user.customers.replace(
        user.workspaceId,
        user.workspaceId.toUpperCase(),
      ),
      headers: { ...user.headers, 'idempotency-key': 'retry-capitals' },
      payload: body,
    });
    expect(first.statusCode).toBe(201);
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([
      201,
      'true',
    ]);
    expect(again.json()).toEqual(first.json());
    expect(await rowsNamed(body.name as string)).toBe(1);
  });

  it('answers 422 to the same key with another body', async () => {
    await create(customerInput(), 'reused-1');
    const res = await create(customerInput(), 'reused-1');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it.each([
    ['phone', '+1 555 0100'],
    ['status', 'active'],
    ['tags', ['other']],
    ['notes', 'Another note.'],
  ])('answers 422 when only %s differs', async (field, value) => {
    const body = customerInput({
      phone: '+1 555 0199',
      status: 'lead',
      tags: ['same'],
      notes: 'Same note.',
    });
    const key = `one-field-${field}-${randomUUID()}`;
    expect((await create(body, key)).statusCode).toBe(201);
    expect((await create({ ...body, [field]: value }, key)).statusCode).toBe(
      422,
    );
  });

  const keysNamed = async (key: string) =>
    (await sql('select 1 from private.idempotency_keys where key = $1', [key]))
      .length;

  it('forgets a key after 24 hours', async () => {
    const key = `aged-${randomUUID()}`;
    const first = await create(customerInput(), key);
    await sql(
      `update private.idempotency_keys set created_at = now() - interval '24 hours 1 minute'
        where key = $1`,
      [key],
    );
    const later = await create(customerInput(), key);
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json<{ id: string }>().id).not.toBe(
      first.json<{ id: string }>().id,
    );
  });

  it("sweeps expired keys on anyone's create, keyed or not", async () => {
    const key = `swept-${randomUUID()}`;
    await create(customerInput(), key);
    await sql(
      `update private.idempotency_keys set created_at = now() - interval '25 hours'
        where key = $1`,
      [key],
    );
    const other = await signedInUser();
    const res = await app.inject({
      method: 'POST',
      url: other.customers,
      headers: other.headers,
      payload: customerInput(),
    });
    expect(res.statusCode).toBe(201);
    expect(await keysNamed(key)).toBe(0);
  });

  it('keeps no copy of a customer once it is deleted', async () => {
    const key = `deleted-${randomUUID()}`;
    const created = await create(customerInput(), key);
    expect(await keysNamed(key)).toBe(1);
    const deleted = await app.inject({
      method: 'DELETE',
      url: `${user.customers}/${created.json<{ id: string }>().id}`,
      headers: user.headers,
    });
    expect(deleted.statusCode).toBe(204);
    expect(await keysNamed(key)).toBe(0);
  });

  it('creates one customer for concurrent duplicates', async () => {
    const body = customerInput();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => create(body, 'race-1')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json<{ id: string }>().id)).size).toBe(
      1,
    );
    expect(await rowsNamed(body.name as string)).toBe(1);
  });

  it('replays a create that reached the database after its client gave up', async () => {
    const body = customerInput();
    // The first attempt: committed, but its answer never reached the client.
    const direct = directWithToken(user.token);
    // As the API hashes it: the workspace and the body.
    const hash = createHash('sha256')
      .update(JSON.stringify({ workspaceId: user.workspaceId, input: body }))
      .digest('base64url');
    const lost = await direct.rpc('create_customer', {
      p_workspace_id: user.workspaceId,
      p_customer: body as Json,
      p_idempotency_key: 'lost-1',
      p_request_hash: hash,
    });
    expect(lost.error).toBeNull();
    const retry = await create(body, 'lost-1');
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ name: body.name });
    expect(await rowsNamed(body.name as string)).toBe(1);
  });

  it('keeps keys per user', async () => {
    const other = await signedInUser();
    const mine = await create(customerInput(), 'shared-key');
    const theirs = await create(customerInput(), 'shared-key', other);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ id: string }>().id).not.toBe(
      mine.json<{ id: string }>().id,
    );
  });

  it('frees the key of a create that failed', async () => {
    const taken = customerInput();
    await create(taken, 'taken-email');
    const clash = await create(
      customerInput({ email: taken.email }),
      'clash-1',
    );
    expect(clash.statusCode).toBe(409);
    const fixed = await create(customerInput(), 'clash-1');
    expect(fixed.statusCode).toBe(201);
  });

  it('answers 400 to a key that is not 1 to 255 visible characters', async () => {
    expect((await create(customerInput(), 'k'.repeat(256))).statusCode).toBe(
      400,
    );
    expect((await create(customerInput(), 'has space')).statusCode).toBe(400);
  });

  it('refuses a key that created a company, even for the same body (422)', async () => {
    const body = { name: `Both kinds ${randomUUID()}` };
    const company = await app.inject({
      method: 'POST',
      url: user.customers.replace(/customers$/, 'companies'),
      headers: { ...user.headers, 'idempotency-key': 'company-first' },
      payload: body,
    });
    expect(company.statusCode).toBe(201);
    const customer = await create(body, 'company-first');
    expect([
      customer.statusCode,
      customer.json<{ detail: string }>().detail,
    ]).toEqual([
      422,
      'This Idempotency-Key was already used for a different request.',
    ]);
    expect(await rowsNamed(body.name)).toBe(0);
  });
});
