import { Client } from 'pg';
import { createUser, sql } from './support/database';

/**
 * The plans Postgres picks for list_customers as the `authenticated` role, read with
 * auto_explain (the function's queries are dynamic, so a plain EXPLAIN of the call shows
 * nothing). 100,000 rows for one owner: at that size a wrong plan is a different plan.
 */
describe('query plans of list_customers as an authenticated user', () => {
  let owner: string;
  let client: Client;
  const plans: string[] = [];

  async function planOf(args: Record<string, unknown>): Promise<string> {
    plans.length = 0;
    const names = Object.keys(args);
    await client.query(
      `select public.list_customers(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')})`,
      Object.values(args),
    );
    const plan = plans.find((p) => p.includes('public.customers')) ?? '';
    expect(plan).not.toBe('');
    return plan;
  }

  beforeAll(async () => {
    owner = (await createUser()).id;
    await sql(
      `insert into public.customers (owner_id, name, email, company, created_at)
       select $1::uuid, 'Person ' || i, 'p' || i || '@example.test', 'Company ' || (i % 97),
              now() - i * interval '1 minute'
         from generate_series(1, 100000) i`,
      [owner],
    );
    // Many other owners with a few rows each: the skew every CRM has.
    const others = await Promise.all(
      Array.from({ length: 20 }, () => createUser()),
    );
    await sql(
      `insert into public.customers (owner_id, name)
       select (array[${others.map((_, i) => `$${i + 1}::uuid`).join(',')}])[1 + i % 20], 'Other ' || i
         from generate_series(1, 2000) i`,
      others.map((o) => o.id),
    );
    // Three rows carry a word no other row has: a search whose estimate does not depend on
    // which rows ANALYZE happens to sample (a common word's estimate does, and so its plan).
    await sql(
      `insert into public.customers (owner_id, name, company)
       select $1::uuid, 'Needle ' || i, 'Zyxwvut Holdings' from generate_series(1, 3) i`,
      [owner],
    );
    await sql('analyze public.customers');

    client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    client.on('notice', (notice) => plans.push(notice.message ?? ''));
    await client.query(`load 'auto_explain'`);
    await client.query(`set auto_explain.log_min_duration = 0`);
    await client.query(`set auto_explain.log_nested_statements = on`);
    await client.query(`set client_min_messages = log`);
    await client.query(`set role authenticated`);
    await client.query(`select set_config('request.jwt.claims', $1, false)`, [
      JSON.stringify({ sub: owner, role: 'authenticated' }),
    ]);
  });

  afterAll(async () => {
    await client.end();
    await sql('delete from public.customers where owner_id = $1', [owner]);
  });

  it('searches through the trigram indexes', async () => {
    const plan = await planOf({ p_search: 'zyxwvut', p_limit: 20 });
    expect(plan).toMatch(
      /Bitmap Index Scan on customers_(name|email|company)_trgm_idx/,
    );
    expect(plan).not.toMatch(/Seq Scan on customers/);
  });

  it('reads a deep keyset page straight from the owner’s index, without sorting', async () => {
    const [{ created_at, id }] = await sql<{ created_at: string; id: string }>(
      `select created_at::text, id from public.customers where owner_id = $1
        order by created_at desc, id desc offset 90000 limit 1`,
      [owner],
    );
    const plan = await planOf({
      p_after_value: created_at,
      p_after_id: id,
      p_limit: 20,
    });
    expect(plan).toMatch(/Index Scan using customers_owner_created_idx/);
    expect(plan).not.toMatch(/Sort/);
  });

  it('reads a first page in name order from its index', async () => {
    const plan = await planOf({
      p_sort: 'name',
      p_descending: false,
      p_limit: 20,
    });
    expect(plan).toMatch(/Index Scan using customers_owner_name_idx/);
    expect(plan).not.toMatch(/Sort/);
  });
});
