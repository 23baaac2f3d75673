// npm run bench:layers [-- --rounds N --samples N]: what each layer of the app costs on the list
// path. Copies of the production build run side by side, each with one layer taken out of its
// compiled modules, and the customers list is read from each one request at a time, in turns
// after a warm-up round. For each copy: the app's CPU time per request (from /proc) and the p50
// latency beside the same call straight to PostgREST, through a bare proxy, and through a bare
// Nest app (bench/bare-nest.mts).
// The copies live in a temp dir for the run only: a build without validation must never ship.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, reservePort } from '../scripts/local-stack/stack.mts';
import {
  imageNodeArgs,
  inTurns,
  ratios,
  sequentialP50,
  sequentialWithCpu,
  shown,
  spread,
  startApp,
  startBareProxy,
} from './lib.mts';
import { prepare, seedListWorkspace } from './setup.mts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    samples: { type: 'string', default: '300' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    'Usage: npm run bench:layers [-- --rounds 10 --samples 300]\nWrites bench/results/layers.json.\n',
  );
  process.exit(0);
}
const rounds = Number(args.rounds);
const samples = Number(args.samples);

/** One edit of a compiled file: the text must be there exactly once, or the run stops. */
interface Edit {
  file: string;
  from: string;
  to: string;
}

const LAYERS: Record<string, Edit[]> = {
  'validation (global ValidationPipe)': [
    {
      file: 'app.module.js',
      from: 'validation_module_1.ValidationModule,',
      to: '',
    },
  ],
  'request logging (pino-http)': [
    {
      file: 'logging/logging.module.js',
      from: "{ path: 'health', method: common_1.RequestMethod.GET },",
      to: "{ path: 'health', method: common_1.RequestMethod.GET }, { path: 'workspaces/{*splat}', method: common_1.RequestMethod.GET },",
    },
  ],
  'rate limits (address hook and user guard)': [
    {
      file: 'app.setup.js',
      from: '(0, address_rate_limit_hook_1.useAddressRateLimit)(app);',
      to: '',
    },
    {
      file: 'app.module.js',
      from: 'rate_limit_module_1.RateLimitModule,',
      to: '',
    },
    {
      file: 'app.module.js',
      from: 'rate_limit_module_1.UserRateLimitModule,',
      to: '',
    },
  ],
  'cursor sealing': [
    {
      file: 'common/list-page.js',
      from: 'seal({ value: String(last[window.sortColumn]), id: last.id })',
      to: "'cursor'",
    },
  ],
};

const log = (line: string) => process.stderr.write(`[layers] ${line}\n`);
const { stack, db, appEnv, tokenFor, cleanups, cleanUp } = await prepare(log);
const { owner, workspace } = await seedListWorkspace(db);
const auth = { authorization: `Bearer ${await tokenFor(owner)}` };
const directPath = `/rest/v1/rpc/list_customers?p_workspace_id=${workspace}&p_limit=20&p_with_total=true`;
const proxy = await startBareProxy({
  origin: new URL(stack.env.SUPABASE_URL).origin,
  path: directPath,
  apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
  port: await reservePort(0, 'proxy'),
});
cleanups.unshift(proxy.close);

const copies = mkdtempSync(join(tmpdir(), 'crm-layers-'));
cleanups.push(() =>
  Promise.resolve(rmSync(copies, { recursive: true, force: true })),
);
/** A copy of the build with these edits, beside the project's node_modules. */
function buildWithout(index: number, name: string, edits: Edit[]): string {
  const root = join(copies, String(index));
  mkdirSync(root);
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  for (const edit of edits) {
    const file = join(root, 'dist', edit.file);
    const text = readFileSync(file, 'utf8');
    if (text.split(edit.from).length !== 2)
      throw new Error(
        `${name}: "${edit.from}" is not in ${edit.file} exactly once; update bench/layers.mts`,
      );
    writeFileSync(file, text.replace(edit.from, edit.to));
  }
  return root;
}
const variants: [string, Edit[]][] = [
  ['the app as built', []],
  ...Object.entries(LAYERS).map(([layer, edits]): [string, Edit[]] => [
    `without ${layer}`,
    edits,
  ]),
  ['without all four', Object.values(LAYERS).flat()],
];
const nodeArgs = imageNodeArgs(ROOT);
const apps: { name: string; url: string; pid: number }[] = [];
for (const [index, [name, edits]] of variants.entries()) {
  const port = await reservePort(0, name);
  const app = await startApp(buildWithout(index, name, edits), appEnv, port, {
    nodeArgs,
  });
  cleanups.unshift(app.stop);
  apps.push({
    name,
    url: `http://127.0.0.1:${port}/api/v1/workspaces/${workspace}/customers?limit=20`,
    pid: app.process.pid!,
  });
}

// Nest itself, with the same call and nothing of ours around it.
{
  const port = await reservePort(0, 'bare Nest');
  const bare = await startApp(
    ROOT,
    {
      TARGET_URL: `${stack.env.SUPABASE_URL}${directPath}`,
      APIKEY: stack.env.SUPABASE_PUBLISHABLE_KEY,
    },
    port,
    { nodeArgs, script: join(ROOT, 'bench', 'bare-nest.mts') },
  );
  cleanups.unshift(bare.stop);
  apps.push({
    name: 'bare Nest on Fastify, the same call',
    url: `http://127.0.0.1:${port}/api/v1/workspaces/${workspace}/customers?limit=20`,
    pid: bare.process.pid!,
  });
}

log(
  `${apps.length} processes, PostgREST and a bare proxy: ${rounds} rounds of ${samples} requests each`,
);
const cpuPerRequest = apps.map((): number[] => []);
const sides: { url: string; pid?: number; apikey?: string }[] = [
  {
    url: `${stack.env.SUPABASE_URL}${directPath}`,
    apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
  },
  { url: proxy.url },
  ...apps,
];
const latency = await inTurns(
  rounds,
  sides.map((side, i) => async () => {
    const next = () => ({
      url: side.url,
      headers: side.apikey ? { ...auth, apikey: side.apikey } : auth,
    });
    const result = side.pid
      ? await sequentialWithCpu(side.pid, samples, next)
      : { ...(await sequentialP50(samples, next)), cpuUs: undefined };
    if (result.failures > 0)
      throw new Error(`${result.failures} failed requests to ${side.url}`);
    if (result.cpuUs !== undefined) cpuPerRequest[i - 2].push(result.cpuUs);
    return result.p50;
  }),
);
const [direct, proxied, ...appLatency] = latency;
const full = cpuPerRequest[0].slice(1);
const rows = apps.map((app, i) => {
  // The first entry is the warm-up round's.
  const cpu = cpuPerRequest[i].slice(1);
  return {
    build: app.name,
    cpu_us_per_request: spread(cpu, 0),
    saves_us: spread(
      cpu.map((value, r) => full[r] - value),
      0,
    ),
    p50_ms: spread(appLatency[i]),
    latency_ratio: ratios(appLatency[i], direct),
  };
});
const results = {
  at: new Date().toISOString(),
  rounds,
  samples,
  direct_p50_ms: spread(direct),
  proxy_latency_ratio: ratios(proxied, direct),
  builds: rows,
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'layers.json'),
  `${JSON.stringify(results, null, 2)}\n`,
);
process.stdout.write(
  `\nPostgREST p50 ${shown(results.direct_p50_ms)} ms; the bare proxy ${shown(results.proxy_latency_ratio)}×\n\n` +
    '| build | app CPU µs per request | saves µs | p50 ms | × PostgREST |\n| --- | --- | --- | --- | --- |\n' +
    rows
      .map(
        (row) =>
          `| ${row.build} | ${shown(row.cpu_us_per_request)} | ${shown(row.saves_us)} | ${shown(row.p50_ms)} | ${shown(row.latency_ratio)} |`,
      )
      .join('\n') +
    '\n',
);
await cleanUp();
process.exit(0);
