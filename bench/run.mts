// npm run bench [-- --quick]: the service against its physical limits, each figure beside a
// baseline measured in the same run. Not a test: nothing here fails a build.
import Fastify from 'fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { ROOT, reservePort } from '../scripts/local-stack/stack.mts';
import {
  callApi,
  imageNodeArgs,
  inTurns,
  load,
  median,
  ratios,
  rssMb,
  round,
  sequentialP50,
  sequentialWithCpu,
  shown,
  spread,
  startApp,
  startBareProxy,
  type Spread,
} from './lib.mts';
import { prepare } from './setup.mts';
import { benchTimeline } from './timeline.mts';

const quick = process.argv.includes('--quick');
if (process.argv.includes('--help')) {
  process.stdout.write(
    'Usage: npm run bench [-- --quick]\nWrites bench/results/latest.json.\n',
  );
  process.exit(0);
}
// Every figure is taken in at least 5 rounds, the sides in turns; quick rounds are shorter.
const plan = quick
  ? { rounds: 5, seconds: 1, connections: 32, samples: 60 }
  : { rounds: 7, seconds: 5, connections: 32, samples: 300 };
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const { stack, db, appEnv, tokenFor, cleanups, cleanUp } = await prepare(log);

log(
  'seeding: a workspace of 100,000 customers shared by 50 members, 1,000 in another, 20,000 over 2,000 more of skewed sizes',
);
const users = await db.query<{ id: string }>(
  `insert into auth.users (email) select 'bench-' || i || '@example.test' from generate_series(1, 2051) i returning id`,
);
const ids = users.rows.map((r) => r.id);
const [bigOwner, listOwner] = ids;
const bigMembers = ids.slice(2, 51);
const others = ids.slice(51);
// Each user has a personal workspace from sign-up (the trigger on auth.users).
const personal = async (user: string) =>
  (
    await db.query<{ id: string }>(
      'select id from public.workspaces where personal and created_by = $1',
      [user],
    )
  ).rows[0].id;
const bigWorkspace = (
  await db.query<{ id: string }>(
    `insert into public.workspaces (name, created_by) values ('Big team', $1) returning id`,
    [bigOwner],
  )
).rows[0].id;
await db.query(
  `insert into public.workspace_members (workspace_id, user_id, role)
   select $1, u, case when u = $2 then 'owner' else 'member' end::public.workspace_role
     from unnest($3::uuid[]) u`,
  [bigWorkspace, bigOwner, [bigOwner, ...bigMembers]],
);
const listWorkspace = await personal(listOwner);
// Quick mode loads the customers without their triggers (the activity entries each insert
// writes, the timestamps the database pins): the hot path reads neither, and they take most of
// the seeding time. Full mode keeps them: the timeline figures start from those entries.
await db.query('begin');
if (quick) await db.query('set local session_replication_role = replica');
await db.query(
  `insert into public.customers (workspace_id, created_by, name, email, company, status, created_at)
   select $1::uuid, $2::uuid, 'Person ' || i, 'person' || i || '@example.test', 'Company ' || (i % 997),
          (array['lead','prospect','active','inactive'])[1 + i % 4], now() - i * interval '1 second'
     from generate_series(1, 100000) i`,
  [bigWorkspace, bigOwner],
);
await db.query(
  `insert into public.customers (workspace_id, created_by, name, email, created_at)
   select $1::uuid, $2::uuid, 'Client ' || i, 'client' || i || '@example.test', now() - i * interval '1 minute'
     from generate_series(1, 1000) i`,
  [listWorkspace, listOwner],
);
// Skewed: a few workspaces hold most of these rows, most hold one or two.
await db.query(
  `insert into public.customers (workspace_id, name)
   select w.ids[1 + floor(power(random(), 3) * array_length(w.ids, 1))::int], 'Other ' || i
     from generate_series(1, 20000) i,
          (select array_agg(id) as ids from public.workspaces
            where personal and created_by = any ($1::uuid[])) w`,
  [others],
);
await db.query('commit');
await db.query('analyze public.customers');

const appPort = await reservePort(0, 'app');
// As the image runs it: the Dockerfile's Node options (its heap budget).
const nodeArgs = imageNodeArgs(ROOT);
log(`the app runs with ${nodeArgs.join(' ') || 'no Node options'}`);
const app = await startApp(ROOT, appEnv, appPort, { nodeArgs });
// Memory of the app ready and idle, before any load.
const rssAtStart = rssMb(app.process.pid!);
cleanups.unshift(app.stop);
const api = `http://127.0.0.1:${appPort}/api/v1`;

const baselinePort = await reservePort(0, 'baseline');
const baseline = Fastify({ logger: false });
baseline.get('/api/v1/health', () => ({
  status: 'ok',
  info: {},
  error: {},
  details: {},
}));
await baseline.listen({ port: baselinePort, host: '127.0.0.1' });
cleanups.unshift(() => baseline.close());

log('liveness: app vs a bare Fastify route');
const [appProbes, bareProbes] = await inTurns(plan.rounds, [
  () =>
    load({
      url: `${api}/health`,
      connections: plan.connections,
      seconds: plan.seconds,
    }),
  () =>
    load({
      url: `http://127.0.0.1:${baselinePort}/api/v1/health`,
      connections: plan.connections,
      seconds: plan.seconds,
    }),
]);

log(
  'customers list: app vs the same call straight to PostgREST, and through a bare Node proxy',
);
// A member (not the owner) of the 100,000-customer workspace lists it.
const listToken = await tokenFor(bigMembers[24]);
const customersOf = (workspace: string) =>
  `${api}/workspaces/${workspace}/customers`;
const directListUrl = `${stack.env.SUPABASE_URL}/rest/v1/rpc/list_customers?p_workspace_id=${bigWorkspace}&p_limit=20&p_with_total=true`;
const proxy = await startBareProxy({
  origin: new URL(stack.env.SUPABASE_URL).origin,
  path: new URL(directListUrl).pathname + new URL(directListUrl).search,
  apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
  port: await reservePort(0, 'proxy'),
});
cleanups.unshift(proxy.close);
const listSides = {
  app: { url: `${customersOf(bigWorkspace)}?limit=20`, headers: {} },
  direct: {
    url: directListUrl,
    headers: { apikey: stack.env.SUPABASE_PUBLISHABLE_KEY },
  },
  proxy: { url: proxy.url, headers: {} },
};
const listAuth = { authorization: `Bearer ${listToken}` };
// Latency one request at a time, timed here to the microsecond, the three sides in turns; and
// the app's own CPU time per request over its rounds (steadier than latency from run to run).
const appCpuPerRequest: number[] = [];
const listLatency = await inTurns(
  plan.rounds,
  Object.entries(listSides).map(([name, side]) => async () => {
    const next = () => ({
      url: side.url,
      headers: { ...side.headers, ...listAuth },
    });
    if (name !== 'app') return sequentialP50(plan.samples, next);
    const result = await sequentialWithCpu(
      app.process.pid!,
      plan.samples,
      next,
    );
    appCpuPerRequest.push(result.cpuUs);
    return result;
  }),
);
const listThroughput = await inTurns(
  plan.rounds,
  Object.values(listSides).map(
    (side) => () =>
      load({
        url: side.url,
        connections: plan.connections,
        seconds: plan.seconds,
        headers: { ...side.headers, ...listAuth },
      }),
  ),
);
const [appListP50, directListP50, proxyListP50] = listLatency.map((runs) =>
  runs.map((r) => r.p50),
);
const [appListRps, directListRps, proxyListRps] = listThroughput.map((runs) =>
  runs.map((r) => r.rps),
);
const listFailures = [...listLatency, ...listThroughput]
  .flat()
  .reduce((sum, r) => sum + r.failures, 0);

log('readiness storm: 1,000 concurrent probes');
// Statements that touched customers, from pg_stat_statements (counted as each one ends).
const customerQueries = async () => {
  const { rows } = await db.query<{ calls: string }>(
    `select coalesce(sum(calls), 0) as calls from extensions.pg_stat_statements
      where query like '%"public"."customers"%'`,
  );
  return Number(rows[0].calls);
};
const probes = 1000;
const before = await customerQueries();
const storm = new Agent({ connections: probes });
const stormStarted = performance.now();
const answers = await Promise.all(
  Array.from({ length: probes }, () =>
    callApi(`${api}/health/database`, { dispatcher: storm }).then(
      (answer) => answer.status,
    ),
  ),
);
const stormMs = round(performance.now() - stormStarted, 0);
const dbQueries = (await customerQueries()) - before;
await storm.close();

log('cold start: process start to readiness 200');
const coldStarts: number[] = [];
for (let i = 0; i < plan.rounds; i++) {
  const other = await startApp(
    ROOT,
    appEnv,
    await reservePort(0, 'cold start'),
    { nodeArgs },
  );
  coldStarts.push(other.readyMs);
  await other.stop();
}

/** Search, deep pages, the pipeline: full mode only (their seeds take minutes). */
async function domainFigures() {
  log('search over the 100,000 customers of one workspace');
  const bigToken = { authorization: `Bearer ${await tokenFor(bigOwner)}` };
  const search = await sequentialP50(plan.samples, (i) => ({
    // A five-digit part of a name or email: selective, as a person's search usually is.
    url: `${customersOf(bigWorkspace)}?limit=20&q=${10000 + ((i * 7919) % 90000)}`,
    headers: bigToken,
  }));

  log('deep page: cursor after row 20 vs cursor after row 90,000');
  /** The cursor after `rows` rows: page mode stops 10,000 rows deep, so walk there by cursor. */
  const cursorAfter = async (rows: number) => {
    let cursor = '';
    for (let seen = 0; seen < rows;) {
      const step = Math.min(100, rows - seen);
      const { text } = await callApi(
        `${customersOf(bigWorkspace)}?limit=${step}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { headers: bigToken },
      );
      cursor = (JSON.parse(text) as { meta: { next_cursor: string } }).meta
        .next_cursor;
      seen += step;
    }
    return cursor;
  };
  const [shallowCursor, deepCursor] = [
    await cursorAfter(20),
    await cursorAfter(90_000),
  ];
  const byCursor = (cursor: string) => () => ({
    url: `${customersOf(bigWorkspace)}?limit=20&cursor=${encodeURIComponent(cursor)}`,
    headers: bigToken,
  });
  const firstPage = await sequentialP50(plan.samples, byCursor(shallowCursor));
  const deepPage = await sequentialP50(plan.samples, byCursor(deepCursor));

  log(
    'pipeline: 10,000 deals over 6 stages; board, move and summary vs PostgREST',
  );
  const [salesPipeline] = (
    await db.query<{ id: string }>(
      'select id from public.pipelines where workspace_id = $1',
      [bigWorkspace],
    )
  ).rows;
  const stageIds = (
    await db.query<{ id: string }>(
      'select id from public.pipeline_stages where pipeline_id = $1 order by position',
      [salesPipeline.id],
    )
  ).rows.map((r) => r.id);
  await db.query(
    `insert into public.deals (workspace_id, pipeline_id, stage_id, title, amount, currency, created_by)
   select $1::uuid, $2::uuid, ($3::uuid[])[1 + i % 6], 'Deal ' || i, (i % 500) * 100,
          (array['USD','EUR','GBP'])[1 + i % 3], $4::uuid
     from generate_series(1, 10000) i`,
    [bigWorkspace, salesPipeline.id, stageIds, bigOwner],
  );
  // As autovacuum leaves a table after a bulk load: visible to index-only scans, analyzed.
  await db.query('vacuum analyze public.deals');
  await db.query('vacuum analyze public.deal_stage_history');
  const dealIds = (
    await db.query<{ id: string }>(
      'select id from public.deals where workspace_id = $1',
      [bigWorkspace],
    )
  ).rows.map((r) => r.id);
  const rest = (path: string) =>
    `${stack.env.SUPABASE_URL}/rest/v1/rpc/${path}`;
  const direct = {
    apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
    authorization: `Bearer ${listToken}`,
  };
  const memberAuth = { authorization: `Bearer ${listToken}` };
  const pipelineUrl = `${api}/workspaces/${bigWorkspace}/pipelines/${salesPipeline.id}`;
  /** App and direct in turns, the median of each side's p50s. */
  const sideBySide = async (
    app: Parameters<typeof sequentialP50>[1],
    straight: Parameters<typeof sequentialP50>[1],
  ) => {
    const a: number[] = [];
    const b: number[] = [];
    let failures = 0;
    for (let r = 0; r < plan.rounds; r++) {
      const x = await sequentialP50(plan.samples / 4, app);
      const y = await sequentialP50(plan.samples / 4, straight);
      a.push(x.p50);
      b.push(y.p50);
      failures += x.failures + y.failures;
    }
    const [app_p50_ms, direct_p50_ms] = [round(median(a)), round(median(b))];
    return {
      app_p50_ms,
      direct_p50_ms,
      ratio: round(app_p50_ms / direct_p50_ms),
      failures,
    };
  };
  const board = await sideBySide(
    () => ({ url: `${pipelineUrl}/board`, headers: memberAuth }),
    () => ({
      url: `${rest('pipeline_board')}?p_workspace_id=${bigWorkspace}&p_pipeline_id=${salesPipeline.id}&p_per_stage=50`,
      headers: direct,
    }),
  );
  // A card to another column, at the top: the commonest drag on a board.
  const moveTo = (i: number) => ({
    deal: dealIds[(i * 7919) % dealIds.length],
    stage: stageIds[i % 4],
  });
  const moves = await sideBySide(
    (i) => ({
      url: `${api}/workspaces/${bigWorkspace}/deals/${moveTo(i).deal}/move`,
      method: 'POST',
      json: { stage_id: moveTo(i).stage },
      headers: memberAuth,
    }),
    (i) => ({
      url: rest('move_deal'),
      method: 'POST',
      json: {
        p_workspace_id: bigWorkspace,
        p_deal_id: moveTo(i + 1).deal,
        p_stage_id: moveTo(i + 1).stage,
      },
      headers: direct,
    }),
  );
  const now = new Date().toISOString();
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
  const summary = await sideBySide(
    () => ({ url: `${pipelineUrl}/summary`, headers: memberAuth }),
    () => ({
      url: `${rest('pipeline_summary')}?p_workspace_id=${bigWorkspace}&p_pipeline_id=${salesPipeline.id}&p_from=${encodeURIComponent(since)}&p_to=${encodeURIComponent(now)}`,
      headers: direct,
    }),
  );

  return { search, firstPage, deepPage, board, moves, summary };
}

const domain = quick ? undefined : await domainFigures();
// Memory after the request load, before any stream adds its own.
const rssAfterLoad = rssMb(app.process.pid!);

async function timelineFigures() {
  const bigCustomer = (
    await db.query<{ id: string }>(
      'select id from public.customers where workspace_id = $1 limit 1',
      [bigWorkspace],
    )
  ).rows[0].id;
  const livePort = await reservePort(0, 'live updates');
  const liveApp = await startApp(ROOT, appEnv, livePort, { nodeArgs });
  cleanups.unshift(liveApp.stop);
  const timeline = await benchTimeline({
    db,
    api,
    live: {
      api: `http://127.0.0.1:${livePort}/api/v1`,
      pid: liveApp.process.pid!,
    },
    workspaceId: bigWorkspace,
    members: await Promise.all(
      [bigOwner, ...bigMembers].map(async (id) => ({
        id,
        token: await tokenFor(id),
      })),
    ),
    customerId: bigCustomer,
    samples: plan.samples,
    log,
  });
  await liveApp.stop();
  return timeline;
}

const timeline = quick ? undefined : await timelineFigures();

const liveRps = appProbes.map((r) => r.rps);
const bareRps = bareProbes.map((r) => r.rps);
const results = {
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memory_gb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
  },
  mode: quick ? 'quick' : 'full',
  rounds: plan.rounds,
  at: new Date().toISOString(),
  liveness: {
    app_rps: spread(liveRps, 0),
    baseline_rps: spread(bareRps, 0),
    ratio: ratios(liveRps, bareRps),
    p99_ms: spread(appProbes.map((r) => r.p99)),
    failures: [...appProbes, ...bareProbes].reduce((n, r) => n + r.failures, 0),
  },
  readiness_storm: {
    probes,
    ok: answers.filter((status) => status === 200).length,
    duration_ms: stormMs,
    db_queries: dbQueries,
    db_queries_per_1000: round((dbQueries / probes) * 1000),
  },
  customers_list: {
    app_p50_ms: spread(appListP50),
    direct_p50_ms: spread(directListP50),
    proxy_p50_ms: spread(proxyListP50),
    latency_ratio: ratios(appListP50, directListP50),
    // The warm-up round is not among the rounds inTurns answers.
    app_cpu_us_per_request: spread(appCpuPerRequest.slice(1), 0),
    proxy_latency_ratio: ratios(proxyListP50, directListP50),
    app_rps: spread(appListRps, 0),
    direct_rps: spread(directListRps, 0),
    proxy_rps: spread(proxyListRps, 0),
    throughput_ratio: ratios(appListRps, directListRps),
    proxy_throughput_ratio: ratios(proxyListRps, directListRps),
    failures: listFailures,
  },
  ...(domain && {
    search: {
      rows: 100000,
      p50_ms: domain.search.p50,
      failures: domain.search.failures,
    },
    deep_page: {
      rows: 100000,
      first_page_p50_ms: domain.firstPage.p50,
      deep_page_p50_ms: domain.deepPage.p50,
      ratio: round(domain.deepPage.p50 / domain.firstPage.p50),
    },
    pipeline: {
      deals: 10000,
      stages: 6,
      board: domain.board,
      move: domain.moves,
      summary: domain.summary,
    },
  }),
  ...(timeline && { timeline }),
  cold_start_ms: spread(coldStarts, 0),
  rss_start_mb: rssAtStart,
  rss_mb: rssAfterLoad,
};

mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'latest.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);
/** Figure, value, goal, whether the median meets it. */
const goals: [string, number | Spread, string, boolean][] = [];
const goal = (
  name: string,
  figure: number | Spread,
  text: string,
  met: (value: number) => boolean,
) =>
  goals.push([
    name,
    figure,
    text,
    met(typeof figure === 'number' ? figure : figure.median),
  ]);
goal('liveness.ratio', results.liveness.ratio, '≥ 0.8', (v) => v >= 0.8);
goal(
  'readiness_storm.db_queries_per_1000',
  results.readiness_storm.db_queries_per_1000,
  '≤ 2',
  (v) => v <= 2,
);
goal(
  'customers_list.latency_ratio',
  results.customers_list.latency_ratio,
  '≤ 1.15',
  (v) => v <= 1.15,
);
goal(
  'customers_list.throughput_ratio',
  results.customers_list.throughput_ratio,
  '≥ 0.85',
  (v) => v >= 0.85,
);
if (domain) {
  goal('search.p50_ms', domain.search.p50, '≤ 20', (v) => v <= 20);
  goal(
    'deep_page.ratio',
    round(domain.deepPage.p50 / domain.firstPage.p50),
    '≤ 1.5',
    (v) => v <= 1.5,
  );
  goal(
    'pipeline.board.app_p50_ms',
    domain.board.app_p50_ms,
    '≤ 25',
    (v) => v <= 25,
  );
  goal(
    'pipeline.move.app_p50_ms',
    domain.moves.app_p50_ms,
    '≤ 10',
    (v) => v <= 10,
  );
  goal(
    'pipeline.summary.app_p50_ms',
    domain.summary.app_p50_ms,
    '≤ 50',
    (v) => v <= 50,
  );
}
if (timeline) {
  goal(
    'timeline.feed_first_page_p50_ms',
    timeline.feed_first_page_p50_ms,
    '≤ 10',
    (v) => v <= 10,
  );
  goal(
    'timeline.customer_page_p50_ms',
    timeline.customer_page_p50_ms,
    '≤ 10',
    (v) => v <= 10,
  );
  goal(
    'timeline.live.many.delivery_p99_ms',
    timeline.live.many.delivery_p99_ms,
    '≤ 200, none missing',
    (v) => v <= 200 && timeline.live.many.missing === 0,
  );
  goal(
    'timeline.live.statements_ratio',
    timeline.live.statements_ratio,
    '≈ 1 (1,000 vs 10 streams)',
    (v) => v <= 1.2,
  );
}
goal('cold_start_ms', results.cold_start_ms, '≤ 800', (v) => v <= 800);
goal('rss_mb', results.rss_mb, '≤ 150', (v) => v <= 150);
process.stdout.write(
  `\n| figure | value | goal | met |\n| --- | --- | --- | --- |\n${goals
    .map(
      ([name, value, goal, met]) =>
        `| ${name} | ${shown(value)} | ${goal} | ${met ? 'yes' : 'NO'} |`,
    )
    .join(
      '\n',
    )}\n\nThe app's CPU per list request: ${shown(results.customers_list.app_cpu_us_per_request)} µs.\n\n${JSON.stringify(results, null, 2)}\n`,
);

await cleanUp();
process.exit(0);
