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
  ratios,
  rssMb,
  round,
  sequentialP50,
  sequentialWithCpu,
  shown,
  spread,
  startApp,
  startBareProxy,
} from './lib.mts';
import { prepare } from './setup.mts';
import { benchDomain } from './domain.mts';
import { goalsTable } from './goals.mts';
import { seedWorkspaces } from './seed.mts';
import { benchTimeline } from './timeline.mts';
import { benchCompanies } from './companies.mts';
import { seedCompanies } from './companies-seed.mts';

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

const { bigOwner, bigMembers, bigWorkspace } = await seedWorkspaces(
  db,
  quick,
  log,
);

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

const domain = quick
  ? undefined
  : await benchDomain({
      db,
      stack,
      api,
      bigWorkspace,
      bigOwner,
      listToken,
      tokenFor,
      plan,
      log,
    });
const companies = quick
  ? undefined
  : await benchCompanies({
      db,
      stack,
      api,
      seeded: await seedCompanies(db, 3, log),
      tokenFor,
      plan,
      log,
    });
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
  ...(companies && { companies }),
  cold_start_ms: spread(coldStarts, 0),
  rss_start_mb: rssAtStart,
  rss_mb: rssAfterLoad,
};

mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'latest.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);
process.stdout.write(
  `\n${goalsTable({ results, domain, timeline })}\n\nThe app's CPU per list request: ${shown(results.customers_list.app_cpu_us_per_request)} µs.\n\n${JSON.stringify(results, null, 2)}\n`,
);

await cleanUp();
process.exit(0);
