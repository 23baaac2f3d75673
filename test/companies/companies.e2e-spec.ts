import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestApp } from '../support/app';
import { markMerged } from '../support/companies';
import { sharedWorkspace } from '../support/database';
import { directWithToken } from '../support/postgrest';
import {
  apiAs,
  detailOf,
  signedInUser,
  type TestUser,
  ws,
} from '../support/users';
import type { Company } from '../support/api-types';

const DOMAIN_TAKEN =
  'A live company of this workspace already has this domain.';
const unique = () => randomUUID().slice(0, 8);

describe('Companies API', () => {
  let app: NestFastifyApplication;
  let owner: TestUser;
  let member: TestUser;
  let viewer: TestUser;
  let stranger: TestUser;
  let workspace: string;
  let companies: string;

  beforeAll(async () => {
    app = await createTestApp();
    [owner, member, viewer, stranger] = [
      await signedInUser(),
      await signedInUser(),
      await signedInUser(),
      await signedInUser(),
    ];
    workspace = await sharedWorkspace([
      [owner, 'owner'],
      [member, 'member'],
      [viewer, 'viewer'],
    ]);
    companies = `${ws(workspace)}/companies`;
  });

  afterAll(async () => {
    await app.close();
  });

  async function created(body: Record<string, unknown> = {}, as = member) {
    const res = await apiAs(app, as).post(companies, {
      name: `Company ${unique()}`,
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json<Company>();
  }

  /** A company merged into a survivor, as the merge will leave it. */
  async function mergedAway() {
    const [survivor, duplicate] = [await created(), await created()];
    await markMerged('companies', { [duplicate.id]: survivor.id });
    return { survivor, duplicate };
  }

  describe('POST and GET', () => {
    it('creates a company with every field and reads it back', async () => {
      const company = await created({
        domain: `https://www.Acme-${unique()}.co.uk/about?x=1`,
        industry: ' Software ',
        employees: 40,
        country: 'gb',
        city: 'London',
        phone: '+44 20 7946 0001',
        tags: ['partner'],
        notes: 'Met at a fair.',
      });
      expect(company).toMatchObject({
        workspace_id: workspace,
        industry: 'Software',
        employees: 40,
        country: 'GB',
        city: 'London',
        tags: ['partner'],
        created_by: member.id,
        deleted_at: null,
      });
      expect(company.domain).toMatch(/^acme-[0-9a-f]{8}\.co\.uk$/);
      expect(Object.keys(company).sort()).toEqual(
        [
          'id',
          'workspace_id',
          'name',
          'domain',
          'industry',
          'employees',
          'country',
          'city',
          'phone',
          'tags',
          'notes',
          'created_by',
          'created_at',
          'updated_at',
          'deleted_at',
        ].sort(),
      );
      const read = await apiAs(app, viewer).get(`${companies}/${company.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(company);
    });

    it('stores a Unicode host in punycode', async () => {
      const company = await created({ domain: `bücher-${unique()}.de` });
      expect(company.domain).toMatch(/^xn--bcher-.*\.de$/);
    });

    it.each(['127.0.0.1', 'co.uk', 'localhost', 'not a domain'])(
      'answers 400 to the domain %p, which has no registrable domain',
      async (domain) => {
        const res = await apiAs(app, member).post(companies, {
          name: 'No domain',
          domain,
        });
        expect(res.statusCode).toBe(400);
        expect(detailOf(res)).toBe(
          'domain must be a URL or host name with a registrable domain',
        );
      },
    );

    it('answers 400 to a country that is not an ISO 3166-1 alpha-2 code', async () => {
      const res = await apiAs(app, member).post(companies, {
        name: 'Nowhere',
        country: 'XX',
      });
      expect(res.statusCode).toBe(400);
      expect(detailOf(res)).toMatch(/country must be an ISO 3166-1 alpha-2/);
    });

    it('answers 409 naming the rule for a domain a live company has, through the API and PostgREST', async () => {
      const domain = `taken-${unique()}.com`;
      await created({ domain });
      const res = await apiAs(app, member).post(companies, {
        name: 'Second',
        domain: `https://sales.${domain}/`,
      });
      expect(res.statusCode).toBe(409);
      expect(detailOf(res)).toBe(DOMAIN_TAKEN);
      const direct = await directWithToken(member.token)
        .from('companies')
        .insert({ workspace_id: workspace, name: 'Direct', domain });
      expect(direct.error).toMatchObject({
        code: 'PT409',
        message: 'a live company of this workspace already has this domain',
      });
    });

    it('names the rule to a create that loses the race for a domain at the unique index', async () => {
      const domain = `race-${unique()}.com`;
      // A rival's create, not yet committed: the trigger cannot see it, the index waits on it.
      const rival = new Client({
        connectionString: process.env.DATABASE_ADMIN_URL,
      });
      await rival.connect();
      try {
        await rival.query('begin');
        await rival.query(
          `insert into public.companies (workspace_id, name, domain) values ($1, 'Rival', $2)`,
          [workspace, domain],
        );
        const answer = apiAs(app, member).post(companies, {
          name: 'Loser',
          domain,
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        await rival.query('commit');
        const res = await answer;
        expect(res.statusCode).toBe(409);
        expect(detailOf(res)).toBe(DOMAIN_TAKEN);
      } finally {
        await rival.end();
      }
    });

    it('lets a deleted company’s domain be taken again, and refuses to restore it then', async () => {
      const domain = `reused-${unique()}.com`;
      const first = await created({ domain });
      expect(
        (await apiAs(app, member).delete(`${companies}/${first.id}`))
          .statusCode,
      ).toBe(204);
      await created({ domain });
      const res = await apiAs(app, member).post(
        `${companies}/${first.id}/restore`,
      );
      expect(res.statusCode).toBe(409);
      expect(detailOf(res)).toBe(DOMAIN_TAKEN);
    });

    it('answers 409 naming the rule when a change takes a live domain', async () => {
      const domain = `edit-${unique()}.com`;
      await created({ domain });
      const other = await created();
      const res = await apiAs(app, member).patch(`${companies}/${other.id}`, {
        domain: `www.${domain}`,
      });
      expect(res.statusCode).toBe(409);
      expect(detailOf(res)).toBe(DOMAIN_TAKEN);
    });

    it('stores a subdomain as given straight through PostgREST (no public suffix list in Postgres)', async () => {
      const host = `https://WWW.Shop.Direct-${unique()}.com/x`;
      const { data, error } = await directWithToken(member.token)
        .from('companies')
        .insert({ workspace_id: workspace, name: 'Direct', domain: host })
        .select('domain')
        .single();
      expect(error).toBeNull();
      expect(data?.domain).toMatch(/^shop\.direct-[0-9a-f]{8}\.com$/);
    });
  });

  describe('PATCH, DELETE and restore', () => {
    it('changes only the fields sent and clears with null', async () => {
      const company = await created({ city: 'Paris', employees: 3 });
      const res = await apiAs(app, member).patch(`${companies}/${company.id}`, {
        city: null,
        domain: 'https://www.example.co.uk/',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        city: null,
        employees: 3,
        domain: 'example.co.uk',
        name: company.name,
      });
    });

    it('deletes softly and restores', async () => {
      const company = await created();
      const url = `${companies}/${company.id}`;
      expect((await apiAs(app, member).delete(url)).statusCode).toBe(204);
      expect((await apiAs(app, member).get(url)).statusCode).toBe(404);
      const restored = await apiAs(app, member).post(`${url}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({
        id: company.id,
        deleted_at: null,
      });
      expect((await apiAs(app, member).get(url)).statusCode).toBe(200);
    });
  });

  describe('a company merged into another', () => {
    it('answers a read with 404 and merged_into', async () => {
      const { survivor, duplicate } = await mergedAway();
      const res = await apiAs(app, viewer).get(`${companies}/${duplicate.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        status: 404,
        detail: 'The company was merged into another.',
        merged_into: survivor.id,
      });
    });

    it('answers a plain 404 without merged_into for a deleted company', async () => {
      const company = await created();
      await apiAs(app, member).delete(`${companies}/${company.id}`);
      const res = await apiAs(app, viewer).get(`${companies}/${company.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).not.toHaveProperty('merged_into');
    });

    it('refuses a restore with 409 naming the rule, through the API and PostgREST', async () => {
      const { duplicate } = await mergedAway();
      const res = await apiAs(app, member).post(
        `${companies}/${duplicate.id}/restore`,
      );
      expect(res.statusCode).toBe(409);
      expect(detailOf(res)).toBe(
        'The company was merged into another: it cannot be restored.',
      );
      const direct = await directWithToken(member.token)
        .from('companies')
        .update({ deleted_at: null })
        .eq('id', duplicate.id);
      expect(direct.error).toMatchObject({
        code: 'PT409',
        message: 'the company was merged into another: it cannot be restored',
      });
    });
  });

  describe('who may do what, through the API and straight through PostgREST', () => {
    it('lets a viewer read but not write', async () => {
      const company = await created();
      expect(
        (await apiAs(app, viewer).get(`${companies}/${company.id}`)).statusCode,
      ).toBe(200);
      expect((await apiAs(app, viewer).get(companies)).statusCode).toBe(200);
      for (const res of [
        await apiAs(app, viewer).post(companies, { name: 'No' }),
        await apiAs(app, viewer).patch(`${companies}/${company.id}`, {
          name: 'No',
        }),
        await apiAs(app, viewer).delete(`${companies}/${company.id}`),
        await apiAs(app, viewer).post(`${companies}/${company.id}/restore`),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(detailOf(res)).toBe(
          'Your role in this workspace does not allow this.',
        );
      }
      const direct = directWithToken(viewer.token);
      const rpc = await direct.rpc('create_company', {
        p_workspace_id: workspace,
        p_company: { name: 'No' },
      });
      expect(rpc.error).toMatchObject({
        code: 'PT403',
        message: 'your role in this workspace does not allow this',
      });
      const insert = await direct
        .from('companies')
        .insert({ workspace_id: workspace, name: 'No' });
      expect(insert.error?.code).toBe('42501');
      const update = await direct
        .from('companies')
        .update({ name: 'No' })
        .eq('id', company.id)
        .select('id');
      expect(update.data).toEqual([]);
    });

    it('lets members, admins and owners write', async () => {
      for (const as of [member, owner]) {
        const company = await created({}, as);
        const res = await apiAs(app, as).patch(`${companies}/${company.id}`, {
          notes: 'Changed',
        });
        expect(res.statusCode).toBe(200);
      }
    });

    it('answers 404 to a stranger, through the API and PostgREST', async () => {
      const company = await created();
      for (const res of [
        await apiAs(app, stranger).get(companies),
        await apiAs(app, stranger).get(`${companies}/${company.id}`),
        await apiAs(app, stranger).post(companies, { name: 'No' }),
        await apiAs(app, stranger).patch(`${companies}/${company.id}`, {
          name: 'No',
        }),
        await apiAs(app, stranger).delete(`${companies}/${company.id}`),
        await apiAs(app, stranger).get(`${companies}/${company.id}/customers`),
        await apiAs(app, stranger).get(`${companies}/${company.id}/deals`),
        await apiAs(app, stranger).get(`${companies}/${company.id}/activities`),
      ]) {
        expect(res.statusCode).toBe(404);
      }
      const direct = directWithToken(stranger.token);
      expect(
        (await direct.from('companies').select('id').eq('id', company.id)).data,
      ).toEqual([]);
      const list = await direct.rpc('list_companies', {
        p_workspace_id: workspace,
      });
      expect(list.error).toMatchObject({
        code: 'PT404',
        message: 'no such workspace',
      });
    });

    it("answers 404 to another workspace's company under one's own workspace", async () => {
      const theirs = await created();
      const mine = `${ws(stranger.workspaceId)}/companies/${theirs.id}`;
      for (const res of [
        await apiAs(app, stranger).get(mine),
        await apiAs(app, stranger).patch(mine, { name: 'No' }),
        await apiAs(app, stranger).delete(mine),
        await apiAs(app, stranger).post(`${mine}/restore`),
        await apiAs(app, stranger).get(`${mine}/customers`),
        await apiAs(app, stranger).get(`${mine}/deals`),
        await apiAs(app, stranger).get(`${mine}/activities`),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(detailOf(res)).toBe('No such company in this workspace.');
      }
      const update = await directWithToken(stranger.token)
        .from('companies')
        .update({ name: 'No' })
        .eq('workspace_id', stranger.workspaceId)
        .eq('id', theirs.id)
        .select('id');
      expect(update.data).toEqual([]);
    });
  });

  describe('Idempotency-Key', () => {
    const create = (body: object, key: string) =>
      app.inject({
        method: 'POST',
        url: companies,
        headers: { ...member.headers, 'idempotency-key': key },
        payload: body,
      });

    it('answers a retry with the first answer, and another body with 422', async () => {
      const key = `company-${unique()}`;
      const body = {
        name: `Retry ${unique()}`,
        domain: `retry-${unique()}.com`,
      };
      const first = await create(body, key);
      const again = await create(body, key);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await create({ ...body, name: 'Other' }, key);
      expect(other.statusCode).toBe(422);
      expect(detailOf(other)).toBe(
        'This Idempotency-Key was already used for a different request.',
      );
    });

    it('refuses a key that created a customer, through PostgREST whatever the hash', async () => {
      const key = `shared-${unique()}`;
      const direct = directWithToken(member.token);
      const customer = await direct.rpc('create_customer', {
        p_workspace_id: workspace,
        p_customer: { name: 'Keyed' },
        p_idempotency_key: key,
        p_request_hash: 'same',
      });
      expect(customer.error).toBeNull();
      const company = await direct.rpc('create_company', {
        p_workspace_id: workspace,
        p_company: { name: 'Keyed' },
        p_idempotency_key: key,
        p_request_hash: 'same',
      });
      expect(company.error).toMatchObject({
        code: 'PT422',
        message: 'idempotency key reused for another request',
      });
    });

    it('forgets the key when the company it created is deleted', async () => {
      const key = `company-${unique()}`;
      const body = { name: `Forget ${unique()}` };
      const first = await create(body, key);
      await apiAs(app, member).delete(
        `${companies}/${first.json<Company>().id}`,
      );
      const again = await create(body, key);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(again.json<Company>().id).not.toBe(first.json<Company>().id);
    });
  });
});
