// Companies at scale, for bench/run.mts (full mode) and bench/companies-run.mts: 20,000
// companies and 100,000 people in one workspace among others. Side by side in one run: the
// company list through the app and straight from PostgREST (beside the customers list's same
// ratio), the search, a page of duplicates, and a merge of a company with 1,000 people, 200
// deals and 5,000 timeline entries. The company list and the merge are measured against the
// shared contract (list_companies, merge_companies); where they are absent, the figure is
// skipped with a line saying so.
import type pg from 'pg';
import type { RunningStack } from '../scripts/local-stack/stack.mts';
import type { CompaniesBench } from './companies-seed.mts';
import { callApi, median, round, sequentialP50 } from './lib.mts';

export interface CompaniesBenchInput {
  db: pg.Client;
  stack: RunningStack;
  api: string;
  seeded: CompaniesBench;
  tokenFor: (userId: string) => Promise<string>;
  plan: { rounds: number; samples: number };
  log: (line: string) => void;
}

/** One figure per round, the sides in turns; the median and the spread of the rounds. */
async function sides(
  rounds: number,
  run: (() => Promise<{ p50: number; failures: number }>)[],
) {
  const results = run.map(() => [] as number[]);
  let failures = 0;
  for (let round = 0; round <= rounds; round++)
    for (const [side, measure] of run.entries()) {
      const { p50, failures: failed } = await measure();
      // The first round warms up and is not recorded.
      if (round > 0) results[side].push(p50);
      failures += failed;
    }
  return { p50s: results.map((values) => round(median(values))), failures };
}

export async function benchCompanies(input: CompaniesBenchInput) {
  const { db, stack, api, seeded, tokenFor, plan, log } = input;
  const token = await tokenFor(seeded.owner);
  const headers = { authorization: `Bearer ${token}` };
  const direct = {
    authorization: `Bearer ${token}`,
    apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
  };
  const ws = `${api}/workspaces/${seeded.workspace}`;
  const rpc = (fn: string) => `${stack.env.SUPABASE_URL}/rest/v1/rpc/${fn}`;
  const exists = async (fn: string) =>
    (
      await db.query(
        `select from pg_proc where proname = $1 and pronamespace = 'public'::regnamespace`,
        [fn],
      )
    ).rowCount! > 0;
  const samples = Math.max(20, Math.round(plan.samples / 3));
  const figures: Record<string, unknown> = {
    companies: 20000,
    people: 100000,
    seed_ms: seeded.seed_ms,
  };

  log('companies: the customers list of the same workspace, app vs PostgREST');
  const customers = await sides(plan.rounds, [
    () =>
      sequentialP50(samples, () => ({
        url: `${ws}/customers?limit=20`,
        headers,
      })),
    () =>
      sequentialP50(samples, () => ({
        url: rpc('list_customers'),
        headers: direct,
        method: 'POST',
        json: {
          p_workspace_id: seeded.workspace,
          p_limit: 20,
          p_with_total: true,
        },
      })),
  ]);
  figures.customers_list = {
    app_p50_ms: customers.p50s[0],
    direct_p50_ms: customers.p50s[1],
    ratio: round(customers.p50s[0] / customers.p50s[1]),
  };

  const listRoute = await callApi(`${ws}/companies?limit=20`, { headers });
  if (listRoute.status === 200 && (await exists('list_companies'))) {
    log('companies: the company list, app vs PostgREST');
    const companies = await sides(plan.rounds, [
      () =>
        sequentialP50(samples, () => ({
          url: `${ws}/companies?limit=20`,
          headers,
        })),
      () =>
        sequentialP50(samples, () => ({
          url: rpc('list_companies'),
          headers: direct,
          method: 'POST',
          json: {
            p_workspace_id: seeded.workspace,
            p_limit: 20,
            p_with_total: true,
          },
        })),
    ]);
    figures.company_list = {
      app_p50_ms: companies.p50s[0],
      direct_p50_ms: companies.p50s[1],
      ratio: round(companies.p50s[0] / companies.p50s[1]),
      failures: companies.failures,
    };
  } else {
    log(
      `companies: SKIPPED the company list: GET companies answered ${listRoute.status} or public.list_companies is absent`,
    );
    figures.company_list = 'skipped: the route or list_companies is absent';
  }

  log('companies: search, app vs PostgREST');
  const search = await sides(plan.rounds, [
    () =>
      sequentialP50(samples, (i) => ({
        url: `${ws}/search?q=${encodeURIComponent(seeded.terms[i % seeded.terms.length])}`,
        headers,
      })),
    () =>
      sequentialP50(samples, (i) => ({
        url: rpc('search_workspace'),
        headers: direct,
        method: 'POST',
        json: {
          p_workspace_id: seeded.workspace,
          p_query: seeded.terms[i % seeded.terms.length],
          p_limit: 5,
        },
      })),
  ]);
  figures.search = {
    app_p50_ms: search.p50s[0],
    direct_p50_ms: search.p50s[1],
    failures: search.failures,
  };

  log('companies: pages of duplicates (first and tenth), companies and people');
  const duplicates = await sides(plan.rounds, [
    () =>
      sequentialP50(samples, () => ({
        url: `${ws}/companies/duplicates`,
        headers,
      })),
    () =>
      sequentialP50(samples, () => ({
        url: `${ws}/companies/duplicates?page=10`,
        headers,
      })),
    () =>
      sequentialP50(samples, () => ({
        url: `${ws}/customers/duplicates`,
        headers,
      })),
    () =>
      sequentialP50(samples, () => ({
        url: `${ws}/customers/duplicates?page=10`,
        headers,
      })),
  ]);
  const pairs = await db.query<{ companies: number; people: number }>(
    `select (select count(*) from private.company_duplicates where workspace_id = $1)::int as companies,
            (select count(*) from private.customer_duplicates where workspace_id = $1)::int as people`,
    [seeded.workspace],
  );
  figures.duplicates = {
    pairs: pairs.rows[0],
    companies_p50_ms: duplicates.p50s[0],
    companies_page_10_p50_ms: duplicates.p50s[1],
    people_p50_ms: duplicates.p50s[2],
    people_page_10_p50_ms: duplicates.p50s[3],
    failures: duplicates.failures,
  };

  // The writes a merge makes, as SQL in one transaction and rolled back, with the per-row
  // triggers held back as merge_companies holds them: the floor under the merge below.
  log(
    'companies: the writes of a merge as SQL (1,000 people, 200 deals, 5,000 entries moved)',
  );
  const [first] = seeded.merges;
  const writes: number[] = [];
  for (let i = 0; i < 3; i++) {
    await db.query('begin');
    await db.query(`select set_config('crm.merging', 'on', true)`);
    const started = performance.now();
    await db.query(
      `update public.customers set company_id = $1 where company_id = $2`,
      [first.survivor, first.duplicate],
    );
    await db.query(
      `update public.deals set company_id = $1 where company_id = $2`,
      [first.survivor, first.duplicate],
    );
    await db.query(
      `update public.activities set company_id = $1 where company_id = $2`,
      [first.survivor, first.duplicate],
    );
    await db.query(
      `update public.companies set deleted_at = now(), merged_into = $1 where id = $2`,
      [first.survivor, first.duplicate],
    );
    writes.push(performance.now() - started);
    await db.query('rollback');
  }
  figures.merge_writes_sql_ms = round(median(writes));

  if (await exists('merge_companies')) {
    log('companies: merges through the app, one per seeded company');
    const merges: number[] = [];
    let failures = 0;
    for (const { survivor, duplicate } of seeded.merges) {
      const started = performance.now();
      const { status } = await callApi(`${ws}/companies/${survivor}/merge`, {
        method: 'POST',
        headers,
        json: { duplicate_id: duplicate },
      });
      merges.push(performance.now() - started);
      if (status >= 300) failures++;
    }
    figures.merge = {
      app_ms: merges.map((ms) => round(ms)),
      median_ms: round(median(merges)),
      failures,
    };
  } else {
    log('companies: SKIPPED the merge: public.merge_companies is absent');
    figures.merge = 'skipped: merge_companies is absent';
  }
  return figures;
}
