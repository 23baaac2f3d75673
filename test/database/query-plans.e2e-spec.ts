import { Client } from 'pg';
import {
  createUser,
  type ExplainingSession,
  explainingSessionAs,
  namedCall,
  sql,
} from '../support/database';

/**
 * The plans Postgres picks for list_customers as the `authenticated` role, read with
 * auto_explain (the function's queries are dynamic, so a plain EXPLAIN of the call shows
 * nothing). 100,000 rows for one owner: at that size a wrong plan is a different plan.
 */
describe('query plans of list_customers as an authenticated user', () => {
  let owner: string;
  let workspace: string;
  let session: ExplainingSession;
  let companyIds: string[];

  async function planOf(args: Record<string, unknown>): Promise<string> {
    const { plans } = await session.run(
      ...namedCall('list_customers', { p_workspace_id: workspace, ...args }),
    );
    const plan = plans.find((p) => p.includes('public.customers')) ?? '';
    expect(plan).not.toBe('');
    return plan;
  }

  // Bulk statements, triggers off (the plans need the rows, not their timeline entries): a
  // few seconds alone, and a bound that leaves room for a machine busy with another run.
  beforeAll(async () => {
    ({ id: owner, workspaceId: workspace } = await createUser());
    const db = new Client({ connectionString: process.env.DATABASE_ADMIN_URL });
    await db.connect();
    try {
      await db.query('begin');
      await db.query('set local session_replication_role = replica');
      const { rows: companies } = await db.query<{ id: string }>(
        `insert into public.companies (workspace_id, name)
         select $1::uuid, 'Company ' || i from generate_series(1, 100) i returning id`,
        [workspace],
      );
      companyIds = companies.map((c) => c.id);
      await db.query(
        `with others as (
           insert into public.workspaces (name, created_by)
           select 'Other ' || i, $1::uuid from generate_series(1, 20) i
           returning id),
         other_ids as (select array_agg(id) as ids from others)
         insert into public.customers (workspace_id, created_by, name, email, company_id, created_at)
         select $2::uuid, $1::uuid, 'Person ' || i, 'p' || i || '@example.test',
                case when i % 2 = 0 then ($3::uuid[])[1 + i % 100] end,
                now() - i * interval '1 minute'
           from generate_series(1, 100000) i
         -- Many other workspaces with a few rows each: the skew every CRM has.
         union all
         select o.ids[1 + i % 20], null, 'Other ' || i, null, null, now()
           from generate_series(1, 2000) i, other_ids o
         -- Three rows carry a word no other row has: a search whose estimate does not depend
         -- on which rows ANALYZE happens to sample (a common word's estimate does).
         union all
         select $2::uuid, null, 'Needle Zyxwvut ' || i, null, null, now()
           from generate_series(1, 3) i`,
        [owner, workspace, companyIds],
      );
      await db.query('commit');
      // Vacuumed as autovacuum leaves it: GIN pending lists flushed, so plans do not hang on timing.
      await db.query('vacuum analyze public.customers');
    } finally {
      await db.end();
    }
    session = await explainingSessionAs(owner);
  }, 120_000);

  afterAll(async () => {
    await session.end();
    // Timeline entries go with their customers only when asked: they are the record.
    await sql('delete from public.activities where workspace_id = $1', [
      workspace,
    ]);
    await sql('delete from public.customers where workspace_id = $1', [
      workspace,
    ]);
    await sql('delete from public.companies where workspace_id = $1', [
      workspace,
    ]);
  });

  it('searches through the trigram indexes', async () => {
    const plan = await planOf({ p_search: 'zyxwvut', p_limit: 20 });
    expect(plan).toMatch(
      /Bitmap Index Scan on customers_(name|email)_trgm_idx/,
    );
    expect(plan).not.toMatch(/Seq Scan on customers/);
  });

  it('reads a deep keyset page straight from the owner’s index, without sorting', async () => {
    const [{ created_at, id }] = await sql<{ created_at: string; id: string }>(
      `select created_at::text, id from public.customers where workspace_id = $1
        order by created_at desc, id desc offset 90000 limit 1`,
      [workspace],
    );
    const plan = await planOf({
      p_after_value: created_at,
      p_after_id: id,
      p_limit: 20,
    });
    expect(plan).toMatch(/Index Scan using customers_workspace_created_idx/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('reads a company’s first page from its index, without sorting', async () => {
    const plan = await planOf({ p_company_id: companyIds[0], p_limit: 20 });
    expect(plan).toMatch(
      /Index Scan using customers_workspace_company_created_idx/,
    );
    expect(plan).not.toMatch(/Sort/);
  });

  it('reads a first page in name order from its index', async () => {
    const plan = await planOf({
      p_sort: 'name',
      p_descending: false,
      p_limit: 20,
    });
    expect(plan).toMatch(/Index Scan using customers_workspace_name_idx/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('looks up the caller’s workspaces once per statement under RLS, not once per row', async () => {
    const { rows } = await session.client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, costs off) select id from public.customers
        where workspace_id = $1 and deleted_at is null
        order by created_at desc, id desc limit 20`,
      [workspace],
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    // The membership helper is an InitPlan: evaluated once, its result compared on every row.
    expect(plan).toMatch(/InitPlan/);
    expect(plan).toMatch(
      /Index (Only )?Scan using customers_workspace_created_idx/,
    );
    expect(plan).not.toMatch(/SubPlan/);
  });
});
