// The data of the companies scenario (bench/companies.mts): 20,000 companies and 100,000 people
// in one workspace, 2,000 companies in another, and companies to merge away.
import type pg from 'pg';
import { round } from './lib.mts';

export interface CompaniesBench {
  workspace: string;
  owner: string;
  /** People sent to the search, parts of names that exist. */
  terms: string[];
  /** Companies to merge away, each with its people, deals and entries, and their survivors. */
  merges: { survivor: string; duplicate: string }[];
  /** Loading the rows without triggers, then computing their duplicate pairs. */
  seed_ms: { rows: number; pairs: number };
}

// Names of random letters: their trigrams are as spread as real names' are at best, so the
// candidate lookups are not flattered by names that share every trigram.
const WORD = (seed: string, length: number) =>
  `initcap(substr(translate(md5(${seed}) || md5(${seed} || 'x'), '0123456789', 'ghijklmnop'), 1, ${length}))`;

/** Seeds the workspace: companies and people without their triggers, then the pairs. */
export async function seedCompanies(
  db: pg.Client,
  merges: number,
  log: (line: string) => void,
): Promise<CompaniesBench> {
  log(
    'seeding companies: 20,000 companies and 100,000 people in one workspace, 2,000 in another',
  );
  const started = performance.now();
  const owner = (
    await db.query<{ id: string }>(
      `insert into auth.users (email) values ('companies-owner@example.test') returning id`,
    )
  ).rows[0].id;
  const workspace = (
    await db.query<{ id: string }>(
      `insert into public.workspaces (name, created_by) values ('Companies', $1) returning id`,
      [owner],
    )
  ).rows[0].id;
  await db.query(
    `insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, 'owner')`,
    [workspace, owner],
  );
  const other = (
    await db.query<{ id: string }>(
      `select id from public.workspaces where personal and created_by = $1`,
      [owner],
    )
  ).rows[0].id;
  await db.query('begin');
  await db.query('set local session_replication_role = replica');
  // One company in 50 has a twin: a subdomain of its domain, or a name one letter longer.
  await db.query(
    `insert into public.companies (workspace_id, name, domain, created_by)
     select $1::uuid, ${WORD("'n' || i", 8)} || ' ' || ${WORD("'m' || i", 6)},
            lower(${WORD("'d' || i", 10)}) || '.example', $2::uuid
       from generate_series(1, 19600) i
     union all
     select $1::uuid, ${WORD("'n' || i", 8)} || ' ' || ${WORD("'m' || i", 6)} || 's',
            case when i % 2 = 0 then 'eu.' || lower(${WORD("'d' || i", 10)}) || '.example' end,
            $2::uuid
       from generate_series(1, 400) i
     union all
     select $3::uuid, ${WORD("'o' || i", 8)}, null, $2::uuid from generate_series(1, 2000) i`,
    [workspace, owner, other],
  );
  // People at the companies; one in 50 twice, by email with a +tag or by phone.
  await db.query(
    `with companies as (
       select array_agg(id order by id) as ids from public.companies where workspace_id = $1)
     insert into public.customers (workspace_id, name, email, phone, company_id, created_by)
     select $1::uuid, ${WORD("'p' || i", 6)} || ' ' || ${WORD("'q' || i", 9)},
            'person' || i || '@example.test',
            case when i % 3 = 0 then '+44 20 ' || lpad((i % 100000000)::text, 8, '0') end,
            c.ids[1 + i % 20000], $2::uuid
       from generate_series(1, 98000) i, companies c
     union all
     select $1::uuid, ${WORD("'r' || i", 6)} || ' ' || ${WORD("'s' || i", 9)},
            case when i % 2 = 0 then 'person' || (i * 49) || '+crm@example.test' end,
            case when i % 2 = 1 then '0044 (0)20 ' || lpad(((i * 49 - 1) % 100000000)::text, 8, '0') end,
            null, $2::uuid
       from generate_series(1, 2000) i`,
    [workspace, owner],
  );
  await db.query('commit');
  await db.query('vacuum analyze public.companies');
  await db.query('vacuum analyze public.customers');
  const rows = performance.now();
  log(
    'seeding companies: the duplicate pairs of the rows loaded without triggers',
  );
  await db.query(
    `select count(private.refresh_company_duplicates(id)) from public.companies where workspace_id = $1`,
    [workspace],
  );
  await db.query(
    `select count(private.refresh_customer_duplicates(id)) from public.customers where workspace_id = $1`,
    [workspace],
  );
  const pairs = performance.now();

  log(
    `seeding companies: ${merges} companies with 1,000 people, 200 deals, 5,000 entries each`,
  );
  const [stage] = (
    await db.query<{ id: string; pipeline_id: string }>(
      `select id, pipeline_id from public.pipeline_stages where workspace_id = $1
        order by position collate "C" limit 1`,
      [workspace],
    )
  ).rows;
  const pairsToMerge: CompaniesBench['merges'] = [];
  for (let m = 0; m < merges; m++) {
    const { rows: made } = await db.query<{ id: string }>(
      `insert into public.companies (workspace_id, name, created_by)
       values ($1, 'Survivor ' || $3, $2), ($1, 'Duplicate ' || $3, $2) returning id`,
      [workspace, owner, m],
    );
    const [survivor, duplicate] = made.map((r) => r.id);
    await db.query(
      `insert into public.customers (workspace_id, name, company_id, created_by)
       select $1, ${WORD("'merge' || $3 || i", 6)} || ' ' || ${WORD("'mx' || $3 || i", 8)}, $2, $4
         from generate_series(1, 1000) i`,
      [workspace, duplicate, m, owner],
    );
    await db.query(
      `insert into public.deals (workspace_id, pipeline_id, stage_id, title, currency, company_id, created_by)
       select $1, $2, $3, 'Merge deal ' || i, 'EUR', $4, $5 from generate_series(1, 200) i`,
      [workspace, stage.pipeline_id, stage.id, duplicate, owner],
    );
    await db.query(
      `insert into public.activities (workspace_id, company_id, actor_id, kind, body)
       select $1, $2, $3, 'note', 'Merge note ' || i from generate_series(1, 5000) i`,
      [workspace, duplicate, owner],
    );
    pairsToMerge.push({ survivor, duplicate });
  }
  await db.query('analyze');
  const terms = (
    await db.query<{ term: string }>(
      `select substr(name, 3, 5) as term from public.companies
        where workspace_id = $1 order by id limit 100`,
      [workspace],
    )
  ).rows.map((r) => r.term);
  return {
    workspace,
    owner,
    terms,
    merges: pairsToMerge,
    seed_ms: {
      rows: round(rows - started, 0),
      pairs: round(pairs - rows, 0),
    },
  };
}
