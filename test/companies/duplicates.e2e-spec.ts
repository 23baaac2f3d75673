import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { directAsAnonymous } from '../support/postgrest';
import { TEAM_ROLES, team, type Team } from '../support/team';
import { apiAs, detailOf, ws } from '../support/users';

interface Pair {
  reasons: string[];
  score: number;
  first: { id: string; name: string };
  second: { id: string; name: string };
}
interface Page {
  data: Pair[];
  meta: { page: number; limit: number; total: number; has_more: boolean };
}

const companies = (workspaceId: string, rows: [string, string | null][]) =>
  sql<{ id: string; name: string }>(
    `insert into public.companies (workspace_id, name, domain)
     select $1, r.name, r.domain from jsonb_to_recordset($2::jsonb) r(name text, domain text)
     returning id, name`,
    [
      workspaceId,
      JSON.stringify(rows.map(([name, domain]) => ({ name, domain }))),
    ],
  );

const people = (
  workspaceId: string,
  rows: { name: string; email?: string; phone?: string; company_id?: string }[],
) =>
  sql<{ id: string; name: string }>(
    `insert into public.customers (workspace_id, name, email, phone, company_id)
     select $1, r.name, r.email, r.phone, r.company_id
       from jsonb_to_recordset($2::jsonb) r(name text, email text, phone text, company_id uuid)
     returning id, name`,
    [workspaceId, JSON.stringify(rows)],
  );

/** The pairs as sets of names, whatever the order of ids. */
const named = (page: Page) =>
  page.data.map((p) => [[p.first.name, p.second.name].sort(), p.reasons]);

describe('GET /api/v1/workspaces/{workspaceId}/(companies|customers)/duplicates', () => {
  let app: NestFastifyApplication;
  let a: Team;
  let b: Team;

  const read = async (t: Team, kind: string, query = '') => {
    const res = await apiAs(app, t.users.viewer).get(
      `${ws(t.workspaceId)}/${kind}/duplicates${query}`,
    );
    expect([res.statusCode, res.body]).toEqual([200, expect.any(String)]);
    return res.json<Page>();
  };

  beforeAll(async () => {
    app = await createTestApp();
    [a, b] = await Promise.all([team('Dupes A'), team('Dupes B')]);
  });

  afterAll(() => app.close());

  it('pairs companies by subdomain and by similar names, best first, each pair once', async () => {
    const t = await team();
    await companies(t.workspaceId, [
      ['Acme', 'acme.example'],
      ['Acme Europe', 'eu.acme.example'],
      ['Globex', 'globex.example'],
      ['Globex Ltd', null],
      ['Initech', 'initech.example'],
    ]);
    const page = await read(t, 'companies');
    expect(named(page)).toEqual([
      [['Acme', 'Acme Europe'], ['domain']],
      [['Globex', 'Globex Ltd'], ['name']],
    ]);
    expect(page.data[0].score).toBe(0.9);
    expect(page.data[1].score).toBeGreaterThanOrEqual(0.5);
    for (const pair of page.data)
      expect(pair.first.id < pair.second.id).toBe(true);
    expect(page.meta).toMatchObject({ page: 1, limit: 20, total: 2 });
    // Both records come with the fields that tell them apart.
    expect(Object.keys(page.data[0].first).sort()).toEqual([
      'city',
      'country',
      'created_at',
      'domain',
      'id',
      'industry',
      'name',
      'phone',
    ]);
  });

  it('pairs people by email (case and +tag folded), by international phone, and by similar names at one company', async () => {
    const t = await team();
    const [acme, other] = await companies(t.workspaceId, [
      ['Acme', null],
      ['Other', null],
    ]);
    await people(t.workspaceId, [
      { name: 'Ann Lee', email: 'ann@x.example' },
      { name: 'A. Lee', email: 'ANN+crm@x.example' },
      { name: 'Bob Roe', phone: '+44 20 7946 0958' },
      { name: 'Robert Roe', phone: '0044 (0)20 7946-0958' },
      { name: 'Carl Poe', phone: '020 7946 0958' },
      { name: 'Dora Doe', phone: '020 7946 0958' },
      { name: 'Jon Smith', company_id: acme.id },
      { name: 'John Smith', company_id: acme.id },
      { name: 'John Smith', company_id: other.id },
    ]);
    const page = await read(t, 'customers');
    expect(named(page)).toEqual([
      [['A. Lee', 'Ann Lee'], ['email']],
      [['Bob Roe', 'Robert Roe'], ['phone']],
      [['John Smith', 'Jon Smith'], ['name']],
    ]);
    expect(page.data.map((p) => p.score)).toEqual([
      0.95,
      0.9,
      expect.any(Number),
    ]);
  });

  it('hides a pair while either side is deleted, and shows it again on restore', async () => {
    const t = await team();
    const [first] = await people(t.workspaceId, [
      { name: 'Eve One', email: 'eve@y.example' },
      { name: 'Eve Two', email: 'Eve+Work@Y.example' },
    ]);
    expect((await read(t, 'customers')).meta.total).toBe(1);
    await sql('update public.customers set deleted_at = now() where id = $1', [
      first.id,
    ]);
    expect(await read(t, 'customers')).toMatchObject({
      data: [],
      meta: { total: 0 },
    });
    await sql('update public.customers set deleted_at = null where id = $1', [
      first.id,
    ]);
    const again = await read(t, 'customers');
    expect(named(again)).toEqual([[['Eve One', 'Eve Two'], ['email']]]);
    expect(again.data[0].score).toBe(0.95);
  });

  it('never pairs records of two workspaces, even for a member of both', async () => {
    await companies(a.workspaceId, [['Soylent', 'soylent.example']]);
    await companies(b.workspaceId, [['Soylent', 'eu.soylent.example']]);
    await people(a.workspaceId, [
      { name: 'Gus Fring', email: 'gus@pollos.example' },
    ]);
    await people(b.workspaceId, [
      { name: 'Gus Fring', email: 'gus@pollos.example' },
    ]);
    await sql(
      `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'viewer')`,
      [b.workspaceId, a.users.viewer.id],
    );
    for (const kind of ['companies', 'customers'])
      expect((await read(a, kind)).data).toEqual([]);
    const [{ n }] = await sql<{ n: number }>(
      `select count(*)::int as n from private.customer_duplicates d
         join public.customers x on x.id = d.first_id join public.customers y on y.id = d.second_id
        where x.workspace_id <> y.workspace_id`,
    );
    expect(n).toBe(0);
  });

  it('pages through the pairs with the total', async () => {
    const t = await team();
    await people(
      t.workspaceId,
      Array.from({ length: 5 }, (_, i) => ({
        name: `Person ${i}`,
        email: `SAME+${i}@z.example`,
      })),
    );
    const first = await read(t, 'customers', '?limit=4');
    const second = await read(t, 'customers', '?limit=4&page=3');
    expect(first.meta).toMatchObject({
      page: 1,
      limit: 4,
      total: 10,
      has_more: true,
    });
    expect(second.meta).toMatchObject({ page: 3, total: 10, has_more: false });
    expect(second.data).toHaveLength(2);
  });

  describe.each(['companies', 'customers'])('%s: who may read', (kind) => {
    const fn =
      kind === 'companies'
        ? 'list_company_duplicates'
        : 'list_customer_duplicates';

    it.each(TEAM_ROLES)(
      'answers a %s, through the API and PostgREST alike',
      async (role) => {
        const res = await apiAs(app, a.users[role]).get(
          `${ws(a.workspaceId)}/${kind}/duplicates`,
        );
        expect(res.statusCode).toBe(200);
        const { error } = await a
          .direct(a.users[role])
          .rpc(fn, { p_workspace_id: a.workspaceId });
        expect(error).toBeNull();
      },
    );

    it('answers 404 to a stranger, and PostgREST names the same rule', async () => {
      const res = await apiAs(app, a.stranger).get(
        `${ws(a.workspaceId)}/${kind}/duplicates`,
      );
      expect([res.statusCode, detailOf(res)]).toEqual([
        404,
        'No such workspace.',
      ]);
      const { error } = await a
        .direct(a.stranger)
        .rpc(fn, { p_workspace_id: a.workspaceId });
      expect([error?.code, error?.message]).toEqual([
        'PT404',
        'no such workspace',
      ]);
      const anonymous = await directAsAnonymous().rpc(fn, {
        p_workspace_id: a.workspaceId,
      });
      expect(anonymous.error?.code).toBe('42501');
    });

    it('answers 400 to an unknown parameter, a page too deep or too large a limit', async () => {
      for (const query of [
        '?cursor=x',
        '?page=10002',
        '?limit=101',
        '?limit=0',
      ])
        expect([
          query,
          (
            await apiAs(app, a.users.viewer).get(
              `${ws(a.workspaceId)}/${kind}/duplicates${query}`,
            )
          ).statusCode,
        ]).toEqual([query, 400]);
      const { error } = await a.direct(a.users.viewer).rpc(fn, {
        p_workspace_id: a.workspaceId,
        p_offset: 10001,
      });
      expect(error?.code).toBe('22023');
    });
  });
});
