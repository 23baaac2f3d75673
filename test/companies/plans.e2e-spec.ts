import { Client } from 'pg';
import {
  createUser,
  type ExplainingSession,
  explainingSessionAs,
  namedCall,
  sql,
} from '../support/database';

/**
 * The plans of search_workspace and the duplicates lists as the `authenticated` role, read with
 * auto_explain (their queries are dynamic). 20,000 people, 5,000 companies and 5,000 deals in
 * one workspace: at that size a scan of the workspace is a different plan from an index lookup.
 */
describe('query plans of the search and the duplicates as an authenticated user', () => {
  let owner: string;
  let workspace: string;
  let session: ExplainingSession;

  const plansOf = async (fn: string, args: Record<string, unknown>) =>
    (
      await session.run(
        ...namedCall(fn, { p_workspace_id: workspace, ...args }),
      )
    ).plans.join('\n');

  beforeAll(async () => {
    ({ id: owner, workspaceId: workspace } = await createUser());
    const db = new Client({ connectionString: process.env.DATABASE_ADMIN_URL });
    await db.connect();
    try {
      await db.query('begin');
      await db.query('set local session_replication_role = replica');
      await db.query(
        `insert into public.companies (workspace_id, name, domain)
         select $1::uuid, 'Company ' || md5(i::text), md5(i::text) || '.example'
           from generate_series(1, 5000) i`,
        [workspace],
      );
      await db.query(
        `insert into public.customers (workspace_id, created_by, name, email)
         select $1::uuid, $2::uuid, 'Person ' || md5('p' || i), 'p' || i || '@example.test'
           from generate_series(1, 20000) i
         union all
         select $1::uuid, $2::uuid, 'Twin ' || i, 'p' || i || '+twin@example.test'
           from generate_series(1, 500) i
         -- A word no other row has: an estimate that does not hang on ANALYZE's sample.
         union all
         select $1::uuid, $2::uuid, 'Zyxwvut Needle ' || i, null from generate_series(1, 3) i`,
        [workspace, owner],
      );
      // Deals too: with only other specs' few deals in the table, a scan of it is the right plan.
      await db.query(
        `insert into public.deals (workspace_id, pipeline_id, stage_id, title, position, currency)
         select $1::uuid, s.pipeline_id, s.id, 'Deal ' || md5('d' || i),
                private.spread_key(i, 5000), 'EUR'
           from generate_series(1, 5000) i,
                lateral (select s.id, s.pipeline_id from public.pipeline_stages s
                          where s.workspace_id = $1::uuid order by s.position limit 1) s`,
        [workspace],
      );
      await db.query('commit');
      await db.query(
        `select count(private.refresh_customer_duplicates(id)) from public.customers
          where workspace_id = $1 and name like 'Twin %'`,
        [workspace],
      );
      await db.query('vacuum analyze public.customers');
      await db.query('vacuum analyze public.companies');
      await db.query('vacuum analyze public.deals');
      await db.query('analyze private.customer_duplicates');
    } finally {
      await db.end();
    }
    session = await explainingSessionAs(owner);
  }, 120_000);

  afterAll(async () => {
    await session.end();
    await sql('delete from public.customers where workspace_id = $1', [
      workspace,
    ]);
    await sql('delete from public.companies where workspace_id = $1', [
      workspace,
    ]);
    await sql('delete from public.deals where workspace_id = $1', [workspace]);
  });

  it('searches people and companies through their trigram indexes, and scans no table', async () => {
    const plans = await plansOf('search_workspace', {
      p_query: 'zyxwvut',
      p_limit: 5,
    });
    expect(plans).toMatch(/Bitmap Index Scan on customers_name_trgm_idx/);
    expect(plans).toMatch(/Bitmap Index Scan on companies_name_trgm_idx/);
    expect(plans).not.toMatch(/Seq Scan on (customers|companies|deals)/);
  });

  it('finds a phone by its digits through the digits index', async () => {
    const plans = await plansOf('search_workspace', {
      p_query: '7946 0958',
      p_limit: 5,
    });
    expect(plans).toMatch(/customers_phone_digits_trgm_idx/);
    expect(plans).not.toMatch(/Seq Scan on customers/);
  });

  it('reads a page of pairs from its index, best first, without sorting them all', async () => {
    const plans = await plansOf('list_customer_duplicates', {
      p_limit: 20,
      p_with_total: true,
    });
    expect(plans).toMatch(/Index Scan using customer_duplicates_page_idx/);
    expect(plans).not.toMatch(/Seq Scan on customers/);
  });
});
