// npm run soak [-- --minutes N] [-- --max-old-space-mb M | --image]: mixed traffic against the
// production build for N minutes (default 10), sampling the app's memory and counting its GC
// pauses. Holds
// when no request fails (and, under a heap cap, memory does not grow over the run's second
// half); exits 1 otherwise.
// Writes bench/results/soak.json (soak-capped.json with a heap cap). Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { ROOT, reservePort } from '../scripts/local-stack/stack.mts';
import { callApi, imageNodeArgs, round, rssMb, startApp } from './lib.mts';
import { prepare } from './setup.mts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'max-old-space-mb': { type: 'string' },
    image: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run soak [-- --minutes N] [--max-old-space-mb M | --image]\n\n' +
      'Mixed traffic for N minutes (default 10), optionally with V8 told the heap budget, or\n' +
      "with all the Node options of the image's CMD (--image). Writes bench/results/soak.json\n" +
      '(soak-capped.json with a cap).\n' +
      'Exit 1 when any request failed or memory kept growing.\n',
  );
  process.exit(0);
}
const nodeArgs = values.image
  ? imageNodeArgs(ROOT)
  : values['max-old-space-mb']
    ? [`--max-old-space-size=${values['max-old-space-mb']}`]
    : [];
const heapCap = nodeArgs
  .map((arg) => /^--max-old-space-size=(\d+)$/.exec(arg)?.[1])
  .find(Boolean);
const heapCapMb = heapCap ? Number(heapCap) : undefined;
const durationMs = Number(values.minutes) * 60_000;
const warmUpMs = Math.min(60_000, durationMs / 5);
const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);
const { db, appEnv, tokenFor, cleanups, cleanUp } = await prepare(log);

await db.query(
  `insert into auth.users (email) select 'soak-' || i || '@example.test' from generate_series(1, 8) i`,
);
// Each works in the personal workspace it got at sign-up.
const signedUp = await db.query<{ id: string; workspace: string }>(
  `select u.id, w.id as workspace from auth.users u
     join public.workspaces w on w.personal and w.created_by = u.id
    where u.email like 'soak-%@example.test'`,
);
const users = await Promise.all(
  signedUp.rows.map(async (row) => ({
    headers: { authorization: `Bearer ${await tokenFor(row.id)}` },
    workspace: row.workspace,
  })),
);
const port = await reservePort(0, 'app');
const app = await startApp(ROOT, appEnv, port, {
  nodeArgs,
  traceGc: true,
});
cleanups.unshift(app.stop);
const workspaceUrl = (workspace: string) =>
  `http://127.0.0.1:${port}/api/v1/workspaces/${workspace}`;
const pool = new Agent({ connections: 16 });

const counts = { ok: 0, failed: 0, byStatus: {} as Record<string, number> };
let running = true;

/**
 * One user's session, at random: customers created, read, listed, searched, updated and
 * deleted; deals created on them, moved across the board, and the board read.
 */
async function session(
  headers: Record<string, string>,
  workspace: string,
): Promise<void> {
  const api = `${workspaceUrl(workspace)}/customers`;
  const mine: string[] = [];
  const deals: string[] = [];
  const board = await callApi(`${workspaceUrl(workspace)}/pipelines`, {
    headers,
  });
  const pipeline = (JSON.parse(board.text) as { data: { id: string }[] })
    .data[0].id;
  const stages = (
    JSON.parse(
      (
        await callApi(
          `${workspaceUrl(workspace)}/pipelines/${pipeline}/stages`,
          { headers },
        )
      ).text,
    ) as { data: { id: string }[] }
  ).data.map((stage) => stage.id);
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    json?: object,
  ) => {
    try {
      const { status, text } = await callApi(url, {
        method,
        headers,
        json,
        dispatcher: pool,
      });
      counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
      if (status >= 400) counts.failed++;
      else counts.ok++;
      return status === 201 ? (JSON.parse(text) as { id: string }) : undefined;
    } catch {
      counts.failed++;
      counts.byStatus.error = (counts.byStatus.error ?? 0) + 1;
      return undefined;
    }
  };
  for (let i = 0; running; i++) {
    const pick = Math.random();
    const id = mine[Math.floor(Math.random() * mine.length)];
    const deal = deals[Math.floor(Math.random() * deals.length)];
    if (pick < 0.2 || !id) {
      const created = await call('POST', api, {
        name: `Soak ${i} ${Math.random()}`,
        tags: ['soak'],
      });
      if (created) mine.push(created.id);
    } else if (pick < 0.35) await call('GET', `${api}?limit=20`);
    else if (pick < 0.45)
      await call(
        'GET',
        `${api}?limit=20&q=${Math.floor(Math.random() * 1000)}`,
      );
    else if (pick < 0.55) await call('GET', `${api}/${id}`);
    else if (pick < 0.65)
      await call('PATCH', `${api}/${id}`, { status: 'active', notes: `n${i}` });
    else if (pick < 0.75 || !deal) {
      const created = await call('POST', `${workspaceUrl(workspace)}/deals`, {
        title: `Deal ${i}`,
        customer_id: id,
        amount: Math.floor(Math.random() * 10_000),
      });
      if (created) deals.push(created.id);
    } else if (pick < 0.85)
      // To the top of a random column: the commonest drag.
      await call('POST', `${workspaceUrl(workspace)}/deals/${deal}/move`, {
        stage_id: stages[Math.floor(Math.random() * stages.length)],
      });
    else if (pick < 0.95)
      await call(
        'GET',
        `${workspaceUrl(workspace)}/pipelines/${pipeline}/board?per_stage=20`,
      );
    else {
      await call('DELETE', `${api}/${id}`);
      mine.splice(mine.indexOf(id), 1);
    }
  }
}

const samples: { t_s: number; rss_mb: number; requests: number }[] = [];
const started = Date.now();
const sampler = setInterval(() => {
  const sample = {
    t_s: round((Date.now() - started) / 1000, 0),
    rss_mb: rssMb(app.process.pid!),
    requests: counts.ok + counts.failed,
  };
  samples.push(sample);
  log(
    `${sample.t_s}s rss ${sample.rss_mb} MB, ${sample.requests} requests, ${counts.failed} failed`,
  );
}, 10_000);
const sessions = users.map((user) => session(user.headers, user.workspace));
await new Promise((resolve) => setTimeout(resolve, durationMs));
running = false;
await Promise.all(sessions);
clearInterval(sampler);
await pool.close();

/** Least-squares slope of RSS over some samples, in MB per minute. */
function trend(of: typeof samples): number {
  const meanT = of.reduce((a, s) => a + s.t_s, 0) / of.length;
  const meanR = of.reduce((a, s) => a + s.rss_mb, 0) / of.length;
  const slope =
    of.reduce((a, s) => a + (s.t_s - meanT) * (s.rss_mb - meanR), 0) /
    of.reduce((a, s) => a + (s.t_s - meanT) ** 2, 0);
  return round(slope * 60, 2);
}
const steady = samples.filter((s) => s.t_s * 1000 >= warmUpMs);
// Under a cap V8 grows the old generation toward its budget for minutes, then holds it: growth
// that lasts into the second half of the run is what a leak looks like.
const lastHalf = samples.filter((s) => s.t_s * 1000 >= durationMs / 2);
const total = counts.ok + counts.failed;
const gcMs = app.gcMs();
const result = {
  at: new Date().toISOString(),
  minutes: Number(values.minutes),
  max_old_space_mb: heapCapMb ?? null,
  node_args: nodeArgs,
  requests: total,
  requests_per_s: round(total / (durationMs / 1000), 0),
  failed: counts.failed,
  error_rate: round(counts.failed / total, 6),
  by_status: counts.byStatus,
  rss_mb: {
    after_warm_up: steady[0]?.rss_mb,
    end: samples.at(-1)?.rss_mb,
    max: Math.max(...samples.map((s) => s.rss_mb)),
  },
  rss_trend_mb_per_min: trend(steady),
  rss_trend_last_half_mb_per_min: trend(lastHalf),
  gc_pause_ms: gcMs,
  gc_share: round(gcMs / durationMs, 4),
  samples,
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', heapCapMb ? 'soak-capped.json' : 'soak.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.stdout.write(
  `${JSON.stringify({ ...result, samples: undefined }, null, 2)}\n`,
);
await cleanUp();
// A load tool whose requests failed must not look like a pass.
const problems = [
  ...(counts.failed > 0
    ? [`${counts.failed} of ${total} requests failed`]
    : []),
  ...(total === 0 ? ['no request was made'] : []),
  // Without a cap V8 lets the heap grow toward its own limit before it collects hard, so a
  // trend means something only under the budget the image sets.
  ...(heapCapMb && result.rss_trend_last_half_mb_per_min > 1
    ? [
        `RSS grew ${result.rss_trend_last_half_mb_per_min} MB/min over the second half of the run`,
      ]
    : []),
];
if (!heapCapMb && result.rss_trend_last_half_mb_per_min > 1)
  log(
    `note: RSS grew ${result.rss_trend_last_half_mb_per_min} MB/min over the second half without a heap cap (V8 collects lazily)`,
  );
for (const problem of problems) log(`FAILED: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
