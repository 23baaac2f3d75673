import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestApp } from '../support/app';
import {
  apiWording,
  companyIn,
  DELETED_COMPANY,
  markMerged,
  NO_SUCH_COMPANY,
  ROLES,
  team,
  type Team,
} from '../support/companies';
import { sql } from '../support/database';
import { directWithToken } from '../support/postgrest';
import {
  apiAs,
  customerInput,
  customersOf,
  detailOf,
  type TestUser,
} from '../support/users';
import type { Customer } from '../support/api-types';

const ROLE_TOO_LOW = 'Your role in this workspace does not allow this.';

/**
 * A person's company: who may link one, which companies refuse, the embed every read carries,
 * and a merged-away customer's 404. Through the API and straight through PostgREST with the
 * same tokens: both are held to the same rules.
 */
describe('customers at companies', () => {
  let app: NestFastifyApplication;
  let t: Team;
  let company: { id: string; name: string; domain: string };
  let BASE: string;

  beforeAll(async () => {
    app = await createTestApp();
    t = await team();
    company = await companyIn(t.workspaceId);
    BASE = customersOf(t.workspaceId);
  });

  afterAll(async () => {
    await app.close();
  });

  const aCustomer = async (overrides: Record<string, unknown> = {}) => {
    const res = await apiAs(app, t.users.owner).post(
      BASE,
      customerInput(overrides),
    );
    expect(res.statusCode).toBe(201);
    return res.json<Customer>();
  };
  const companyOf = async (id: string) =>
    (
      await sql<{ company_id: string | null }>(
        'select company_id from public.customers where id = $1',
        [id],
      )
    )[0].company_id;

  it('embeds the company on create, read, update and list, and null without one', async () => {
    const embed = {
      id: company.id,
      name: company.name,
      domain: company.domain,
    };
    const created = await aCustomer({ company_id: company.id });
    expect(created).toMatchObject({ company_id: company.id, company: embed });
    const read = await apiAs(app, t.users.viewer).get(`${BASE}/${created.id}`);
    expect(read.json()).toMatchObject({
      company_id: company.id,
      company: embed,
    });
    const listed = await apiAs(app, t.users.viewer).get(
      `${BASE}?company_id=${company.id}&limit=100`,
    );
    expect(listed.json<{ data: Customer[] }>().data).toContainEqual(
      read.json(),
    );
    const cleared = await apiAs(app, t.users.member).patch(
      `${BASE}/${created.id}`,
      { company_id: null },
    );
    expect(cleared.json()).toMatchObject({ company_id: null, company: null });
  });

  it.each(ROLES)(
    'lets a %s link a person only from member up',
    async (role) => {
      const { id } = await aCustomer();
      const user = t.users[role];
      const res = await apiAs(app, user).patch(`${BASE}/${id}`, {
        company_id: company.id,
      });
      const direct = await directWithToken(user.token)
        .from('customers')
        .update({ company_id: company.id })
        .eq('id', (await aCustomer()).id)
        .select('id, company_id');
      if (role === 'viewer') {
        expect([res.statusCode, detailOf(res)]).toEqual([403, ROLE_TOO_LOW]);
        expect(await companyOf(id)).toBeNull();
        // Through PostgREST the update policy finds no row a viewer may change.
        expect([direct.error, direct.data]).toEqual([null, []]);
      } else {
        expect(res.statusCode).toBe(200);
        expect(await companyOf(id)).toBe(company.id);
        expect(direct.error).toBeNull();
        expect(direct.data).toEqual([
          expect.objectContaining({ company_id: company.id }),
        ]);
      }
    },
  );

  it('answers 404 to a stranger, through the API and PostgREST alike', async () => {
    const { id } = await aCustomer();
    const res = await apiAs(app, t.stranger).patch(`${BASE}/${id}`, {
      company_id: company.id,
    });
    expect(res.statusCode).toBe(404);
    const direct = await directWithToken(t.stranger.token)
      .from('customers')
      .update({ company_id: company.id })
      .eq('id', id)
      .select('id');
    expect([direct.error, direct.data]).toEqual([null, []]);
    expect(await companyOf(id)).toBeNull();
  });

  describe.each([
    ["another workspace's company", NO_SUCH_COMPANY, 'theirs'],
    ['a company that does not exist', NO_SUCH_COMPANY, 'none'],
    ['a deleted company', DELETED_COMPANY, 'deleted'],
  ] as const)('refuses %s with 422, naming the rule', (_name, rule, which) => {
    let target: string;
    let caller: TestUser;

    beforeAll(async () => {
      // A member of both workspaces: only the pairing of the ids stops the link.
      caller = t.bridge;
      target =
        which === 'theirs'
          ? (await companyIn(caller.workspaceId)).id
          : which === 'deleted'
            ? (await companyIn(t.workspaceId, true)).id
            : randomUUID();
    });

    it('on create and update through the API', async () => {
      const created = await apiAs(app, caller).post(
        BASE,
        customerInput({ company_id: target }),
      );
      expect([created.statusCode, detailOf(created)]).toEqual([
        422,
        apiWording(rule),
      ]);
      const { id } = await aCustomer();
      const updated = await apiAs(app, caller).patch(`${BASE}/${id}`, {
        company_id: target,
      });
      expect([updated.statusCode, detailOf(updated)]).toEqual([
        422,
        apiWording(rule),
      ]);
      expect(await companyOf(id)).toBeNull();
    });

    it('on insert, update and create_customer straight through PostgREST', async () => {
      const direct = directWithToken(caller.token);
      const inserted = await direct.from('customers').insert({
        workspace_id: t.workspaceId,
        name: 'Direct',
        company_id: target,
      });
      expect(inserted.error).toMatchObject(rule);
      const { id } = await aCustomer();
      const updated = await direct
        .from('customers')
        .update({ company_id: target })
        .eq('id', id);
      expect(updated.error).toMatchObject(rule);
      const rpc = await direct.rpc('create_customer', {
        p_workspace_id: t.workspaceId,
        p_customer: { name: 'Direct', company_id: target },
      });
      expect(rpc.error).toMatchObject(rule);
      expect(await companyOf(id)).toBeNull();
    });
  });

  it('keeps a link to a company deleted later, and other changes go through', async () => {
    const doomed = await companyIn(t.workspaceId);
    const { id } = await aCustomer({ company_id: doomed.id });
    await sql('update public.companies set deleted_at = now() where id = $1', [
      doomed.id,
    ]);
    const res = await apiAs(app, t.users.member).patch(`${BASE}/${id}`, {
      notes: 'Still there',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ company: { id: doomed.id } });
  });

  describe('GET of a merged-away customer', () => {
    it('answers 404 problem+json naming the survivor', async () => {
      const survivor = await aCustomer();
      const merged = await aCustomer();
      await markMerged('customers', { [merged.id]: survivor.id });
      const res = await apiAs(app, t.users.viewer).get(`${BASE}/${merged.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        status: 404,
        detail: 'This customer was merged into another.',
        merged_into: survivor.id,
      });
    });

    it('answers a plain 404 for a deleted one, and to a stranger for a merged one', async () => {
      const survivor = await aCustomer();
      const merged = await aCustomer();
      const deleted = await aCustomer();
      await markMerged('customers', {
        [merged.id]: survivor.id,
        [deleted.id]: null,
      });
      const plain = await apiAs(app, t.users.owner).get(
        `${BASE}/${deleted.id}`,
      );
      expect(plain.statusCode).toBe(404);
      expect(plain.json()).not.toHaveProperty('merged_into');
      const stranger = await apiAs(app, t.stranger).get(`${BASE}/${merged.id}`);
      expect(stranger.statusCode).toBe(404);
      expect(stranger.json()).not.toHaveProperty('merged_into');
    });
  });
});
