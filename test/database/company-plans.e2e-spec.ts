import { Client } from 'pg';
import {
  createUser,
  type ExplainingSession,
  explainingSessionAs,
  namedCall,
  sql,
} from '../support/database';

/**
 * The plans of list_companies and of a company's timeline as the `authenticated` role, read
 * with auto_explain (the functions' queries are dynamic). 50,000 companies and 100,000 entries
 * in one workspace: at that size a wrong plan is a different plan.
 */
describe('query plans of companies as an authenticated user', () => {
  let owner: string;
  let workspace: string;
  let company: string;
  let session: ExplainingSession;

  async function planOf(fn: string, args: Record<string, unknown>) {
    const { rows, plans } = await session.run<{
      result: { data: { id: string | number }[] };
    }>(...namedCall(fn, { p_workspace_id: workspace, ...args }));
    const table =
      fn === 'list_companies' ? 'public.companies' : 'public.activities a';
    const plan = plans.find((p) => p.includes(table)) ?? '';
    expect(plan).not.toBe('');
    return { plan, ids: rows[0].result.data.map((row) => row.id) };
  }

  beforeAll(async () => {
    ({ id: owner, workspaceId: workspace } = await createUser());
    const db = new Client({ connectionString: process.env.DATABASE_ADMIN_URL });
    await db.connect();
    try {
      await db.query('begin');
      await db.query('set local session_replication_role = replica');
      await db.query(
        `insert into public.companies (workspace_id, created_by, name, domain, industry, country, created_at)
         select $1::uuid, $2::uuid, 'Company ' || i, 'company-' || i || '.example',
                (array['Software', 'Banking', 'Retail'])[1 + i % 3],
                (array['GB', 'FR', 'DE', 'US'])[1 + i % 4], now() - i * interval '1 minute'
           from generate_series(1, 50000) i
         -- Three rows carry a word no other row has: an estimate that does not hang on sampling.
         union all
         select $1::uuid, null, 'Zyxwvut ' || i, null, null, null, now()
           from generate_series(1, 3) i`,
        [workspace, owner],
      );
      const {
        rows: [busy],
      } = await db.query<{ id: string }>(
        `insert into public.customers (workspace_id, name) values ($1, 'Busy') returning id`,
        [workspace],
      );
      // 100,000 entries about someone at no company, as a migration would load them.
      await db.query(
        `insert into public.activities (id, workspace_id, customer_id, actor_id, kind, body)
         select nextval('public.activities_id_seq'), $1, $2, $3, 'note', 'Entry ' || i
           from generate_series(1, 100000) i`,
        [workspace, busy.id, owner],
      );
      await db.query('commit');
      await db.query('vacuum analyze public.companies');
      await db.query('vacuum analyze public.activities');
    } finally {
      await db.end();
    }
    // A company, a person at it and its deal, with triggers on: each records its entry.
    [{ id: company }] = await sql<{ id: string }>(
      `insert into public.companies (workspace_id, created_by, name)
       values ($1, $2, 'Analytical Engines') returning id`,
      [workspace, owner],
    );
    await sql(
      `insert into public.customers (workspace_id, name, company_id) values ($1, 'Ada', $2)`,
      [workspace, company],
    );
    await sql(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title, company_id)
       select $1, s.pipeline_id, s.id, 'Forty seats', $2 from public.pipeline_stages s
        where s.workspace_id = $1 order by s.position limit 1`,
      [workspace, company],
    );
    session = await explainingSessionAs(owner, { analyze: true });
  }, 120_000);

  afterAll(async () => {
    await session?.end();
    // Timeline entries go with their subjects only when asked: they are the record.
    await sql('delete from public.activities where workspace_id = $1', [
      workspace,
    ]);
  });

  it('searches name and domain through the trigram indexes', async () => {
    const { plan, ids } = await planOf('list_companies', {
      p_search: 'zyxwvut',
      p_limit: 20,
    });
    expect(ids).toHaveLength(3);
    expect(plan).toMatch(/Bitmap Index Scan on companies_name_trgm_idx/);
    expect(plan).toMatch(/Bitmap Index Scan on companies_domain_trgm_idx/);
    expect(plan).not.toMatch(/Seq Scan on companies/);
  });

  it('reads a deep keyset page straight from the workspace’s index, without sorting', async () => {
    const [{ created_at, id }] = await sql<{ created_at: string; id: string }>(
      `select created_at::text, id from public.companies where workspace_id = $1
        order by created_at desc, id desc offset 45000 limit 1`,
      [workspace],
    );
    const { plan } = await planOf('list_companies', {
      p_after_value: created_at,
      p_after_id: id,
      p_limit: 20,
    });
    expect(plan).toMatch(/Index Scan using companies_workspace_created_idx/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('reads a first page in name order from its index', async () => {
    const { plan } = await planOf('list_companies', {
      p_sort: 'name',
      p_descending: false,
      p_limit: 20,
    });
    expect(plan).toMatch(/Index Scan using companies_workspace_name_idx/);
    expect(plan).not.toMatch(/Sort/);
  });

  it("reads a company's timeline from its own, its people's and its deals' entries, not the workspace's", async () => {
    const { plan, ids } = await planOf('list_activities', {
      p_company_id: company,
      p_limit: 20,
    });
    // Created the company, the person, the deal: all found, newest first.
    expect(ids).toHaveLength(3);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => b - a));
    expect(plan).toMatch(/activities_(workspace_)?company_idx/);
    expect(plan).toMatch(/activities_customer_idx/);
    expect(plan).toMatch(/activities_deal_idx/);
    expect(plan).not.toMatch(/activities_workspace_idx/);
    expect(plan).not.toMatch(/Seq Scan on activities/);
  });
});
