// npm run soak [-- --minutes N]: mixed traffic against the production build for N minutes
// (default 10), sampling the app's memory. Holds when memory has no growth trend past warm-up
// and no request fails. Writes bench/results/soak.json. Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { ROOT, reservePort } from '../scripts/local-stack/stack.mts';
import { round, rssMb, startApp } from './lib.mts';
import { prepare } from './setup.mts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run soak [-- --minutes N]\nWrites bench/results/soak.json.\n',
  );
  process.exit(0);
}
const durationMs = Number(values.minutes) * 60_000;
const warmUpMs = Math.min(60_000, durationMs / 5);
const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);
const { db, appEnv, tokenFor, cleanups, cleanUp } = await prepare(log);

const users = await Promise.all(
  (
    await db.query<{ id: string }>(
      `insert into auth.users (email) select 'soak-' || i || '@example.test' from generate_series(1, 8) i returning id`,
    )
  ).rows.map(async (row) => ({
    headers: { authorization: `Bearer ${await tokenFor(row.id)}` },
  })),
);
const port = await reservePort(0, 'app');
const app = await startApp(ROOT, appEnv, port);
cleanups.unshift(app.stop);
const api = `http://127.0.0.1:${port}/api/v1/customers`;
const pool = new Agent({ connections: 16 });

const counts = { ok: 0, failed: 0, byStatus: {} as Record<string, number> };
let running = true;

/** One user's session: creates, reads, lists, searches, updates and deletes, at random. */
async function session(headers: Record<string, string>): Promise<void> {
  const mine: string[] = [];
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: object,
  ) => {
    try {
      const res = await request(url, {
        method,
        headers,
        body: body && JSON.stringify(body),
        dispatcher: pool,
      });
      const text = await res.body.text();
      counts.byStatus[res.statusCode] =
        (counts.byStatus[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 400) counts.failed++;
      else counts.ok++;
      return res.statusCode === 201
        ? (JSON.parse(text) as { id: string })
        : undefined;
    } catch {
      counts.failed++;
      return undefined;
    }
  };
  for (let i = 0; running; i++) {
    const pick = Math.random();
    const id = mine[Math.floor(Math.random() * mine.length)];
    if (pick < 0.25 || !id) {
      const created = await call('POST', api, {
        name: `Soak ${i} ${Math.random()}`,
        tags: ['soak'],
      });
      if (created) mine.push(created.id);
    } else if (pick < 0.5) await call('GET', `${api}?limit=20`);
    else if (pick < 0.6)
      await call(
        'GET',
        `${api}?limit=20&q=${Math.floor(Math.random() * 1000)}`,
      );
    else if (pick < 0.8) await call('GET', `${api}/${id}`);
    else if (pick < 0.95)
      await call('PATCH', `${api}/${id}`, { status: 'active', notes: `n${i}` });
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
const sessions = users.map((user) => session(user.headers));
await new Promise((resolve) => setTimeout(resolve, durationMs));
running = false;
await Promise.all(sessions);
clearInterval(sampler);
await pool.close();

// Least-squares slope of RSS after warm-up, in MB per minute.
const steady = samples.filter((s) => s.t_s * 1000 >= warmUpMs);
const meanT = steady.reduce((a, s) => a + s.t_s, 0) / steady.length;
const meanR = steady.reduce((a, s) => a + s.rss_mb, 0) / steady.length;
const slope =
  steady.reduce((a, s) => a + (s.t_s - meanT) * (s.rss_mb - meanR), 0) /
  steady.reduce((a, s) => a + (s.t_s - meanT) ** 2, 0);
const total = counts.ok + counts.failed;
const result = {
  at: new Date().toISOString(),
  minutes: Number(values.minutes),
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
  rss_trend_mb_per_min: round(slope * 60, 2),
  samples,
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'soak.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
process.stdout.write(
  `${JSON.stringify({ ...result, samples: undefined }, null, 2)}\n`,
);
await cleanUp();
process.exit(0);
