import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from '../support/app';
import { sql } from '../support/database';
import { directAsAnonymous } from '../support/postgrest';
import { TEAM_ROLES, team, type Team } from '../support/team';
import { apiAs, detailOf, ws } from '../support/users';

interface Hits<Row> {
  data: Row[];
  total: number;
  total_exact: boolean;
}
interface Found {
  people: Hits<{
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
  }>;
  companies: Hits<{ id: string; name: string; domain: string | null }>;
  deals: Hits<{ id: string; title: string }>;
}

async function seed(t: Team) {
  const [company, deleted] = await sql<{ id: string }>(
    `insert into public.companies (workspace_id, name, domain, deleted_at)
     values ($1, 'Quuxwell Robotics', 'quuxwell.example', null),
            ($1, 'Quuxwell Deleted', 'gone-quuxwell.example', now()),
            ($1, '100% Cotton', null, null),
            ($1, '1000 Cottons', null, null),
            ($1, 'Fab_ric', null, null),
            ($1, 'Fabaric', null, null)
     returning id`,
    [t.workspaceId],
  );
  await sql(
    `insert into public.customers (workspace_id, name, email, phone, company_id, deleted_at)
     values ($1, 'Zelda Quuxwell', 'zelda@robots.example', '+44 20 7946 0958', $2, null),
            ($1, 'Gone Quuxwell', 'gone@robots.example', null, null, now()),
            ($1, 'Mira Ostrander', 'mira@quuxwell.example', null, null, null)`,
    [t.workspaceId, company.id],
  );
  const [stage] = await sql<{ id: string; pipeline_id: string }>(
    `select id, pipeline_id from public.pipeline_stages where workspace_id = $1 limit 1`,
    [t.workspaceId],
  );
  await sql(
    `insert into public.deals (workspace_id, pipeline_id, stage_id, title, deleted_at)
     values ($1, $2, $3, 'Quuxwell renewal', null), ($1, $2, $3, 'Quuxwell old', now())`,
    [t.workspaceId, stage.pipeline_id, stage.id],
  );
  return { deletedCompanyId: deleted.id };
}

describe('GET /api/v1/workspaces/{workspaceId}/search', () => {
  let app: NestFastifyApplication;
  let t: Team;
  let other: Team;

  const search = async (query: string, as = t.users.viewer, space = t) => {
    const res = await apiAs(app, as).get(
      `${ws(space.workspaceId)}/search?${query}`,
    );
    expect([res.statusCode, res.body]).toEqual([200, expect.any(String)]);
    return res.json<Found>();
  };

  beforeAll(async () => {
    app = await createTestApp();
    [t, other] = await Promise.all([team('Search'), team('Search other')]);
    await seed(t);
    await seed(other);
  });

  afterAll(() => app.close());

  it('finds live people, companies and deals by name, email, domain and title, grouped with totals', async () => {
    const found = await search('q=quuxwell');
    expect(found.people.data.map((p) => p.name).sort()).toEqual([
      'Mira Ostrander',
      'Zelda Quuxwell',
    ]);
    expect(found.companies.data.map((c) => c.name)).toEqual([
      'Quuxwell Robotics',
    ]);
    expect(found.deals.data.map((d) => d.title)).toEqual(['Quuxwell renewal']);
    expect(found.people).toMatchObject({ total: 2, total_exact: true });
    expect(found.companies.total).toBe(1);
  });

  it('never shows a deleted record', async () => {
    const found = await search('q=gone');
    expect([found.people.total, found.companies.total]).toEqual([0, 0]);
    expect((await search('q=old')).deals.data).toEqual([]);
  });

  it('finds a phone by its digits, however it is written', async () => {
    for (const q of ['7946 0958', '79460958', '+44 20 7946'])
      expect([
        q,
        (await search(`q=${encodeURIComponent(q)}`)).people.data.map(
          (p) => p.name,
        ),
      ]).toEqual([q, ['Zelda Quuxwell']]);
  });

  it('takes % and _ as themselves, not as wildcards', async () => {
    expect(
      (await search(`q=${encodeURIComponent('0% C')}`)).companies.data.map(
        (c) => c.name,
      ),
    ).toEqual(['100% Cotton']);
    expect(
      (await search(`q=${encodeURIComponent('b_r')}`)).companies.data.map(
        (c) => c.name,
      ),
    ).toEqual(['Fab_ric']);
  });

  it('finds a name with a typo by trigram word similarity', async () => {
    expect(
      (await search('q=quxwell')).companies.data.map((c) => c.name),
    ).toEqual(['Quuxwell Robotics']);
    expect(
      (await search('q=robotcs')).companies.data.map((c) => c.name),
    ).toEqual(['Quuxwell Robotics']);
  });

  it('answers a few of each kind: 5 by default, up to `limit`', async () => {
    await sql(
      `insert into public.companies (workspace_id, name)
       select $1, 'Plentiful ' || i from generate_series(1, 8) i`,
      [t.workspaceId],
    );
    const found = await search('q=plentiful');
    expect(found.companies).toMatchObject({ total: 8, total_exact: true });
    expect(found.companies.data).toHaveLength(5);
    expect((await search('q=plentiful&limit=7')).companies.data).toHaveLength(
      7,
    );
  });

  it('answers 400 to a query under 3 characters, and PostgREST refuses it too', async () => {
    for (const q of ['ab', '  ab  ', '', 'x'.repeat(201)]) {
      const res = await apiAs(app, t.users.viewer).get(
        `${ws(t.workspaceId)}/search?q=${encodeURIComponent(q)}`,
      );
      expect([q, res.statusCode]).toEqual([q, 400]);
    }
    for (const query of [
      'q=abc&limit=21',
      'q=abc&limit=0',
      'q=abc&kind=people',
      '',
    ])
      expect([
        query,
        (
          await apiAs(app, t.users.viewer).get(
            `${ws(t.workspaceId)}/search?${query}`,
          )
        ).statusCode,
      ]).toEqual([query, 400]);
    const { error } = await t.direct(t.users.viewer).rpc('search_workspace', {
      p_workspace_id: t.workspaceId,
      p_query: ' ab ',
      p_limit: 5,
    });
    expect([error?.code, error?.message]).toEqual([
      '22023',
      'the query must be 3 to 200 characters',
    ]);
  });

  it('finds nothing of another workspace, even for a member of both', async () => {
    await sql(
      `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'viewer')`,
      [other.workspaceId, t.users.member.id],
    );
    await sql(
      `insert into public.companies (workspace_id, name) values ($1, 'Elsewhere Zorblax')`,
      [other.workspaceId],
    );
    expect((await search('q=zorblax', t.users.member)).companies.total).toBe(0);
    expect(
      (await search('q=zorblax', t.users.member, other)).companies.total,
    ).toBe(1);
  });

  it.each(TEAM_ROLES)(
    'answers a %s, through the API and PostgREST alike',
    async (role) => {
      expect((await search('q=quuxwell', t.users[role])).companies.total).toBe(
        1,
      );
      const { data, error } = await t
        .direct(t.users[role])
        .rpc('search_workspace', {
          p_workspace_id: t.workspaceId,
          p_query: 'quuxwell',
          p_limit: 5,
        });
      expect(error).toBeNull();
      expect((data as unknown as Found).companies.total).toBe(1);
    },
  );

  it('answers 404 to a stranger, and PostgREST names the same rule', async () => {
    const res = await apiAs(app, t.stranger).get(
      `${ws(t.workspaceId)}/search?q=quuxwell`,
    );
    expect([res.statusCode, detailOf(res)]).toEqual([
      404,
      'No such workspace.',
    ]);
    const { error } = await t.direct(t.stranger).rpc('search_workspace', {
      p_workspace_id: t.workspaceId,
      p_query: 'quuxwell',
      p_limit: 5,
    });
    expect([error?.code, error?.message]).toEqual([
      'PT404',
      'no such workspace',
    ]);
    const anonymous = await directAsAnonymous().rpc('search_workspace', {
      p_workspace_id: t.workspaceId,
      p_query: 'quuxwell',
      p_limit: 5,
    });
    expect(anonymous.error?.code).toBe('42501');
  });
});
