import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, Pool, request } from 'undici';
import { stopProcess } from '../scripts/lib/processes.ts';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

/** One autocannon run; any non-2xx answer or error counts as a failure. */
export async function load(options: {
  url: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs the sides in turn, round after round, so that drift of the machine (heat, other load)
 * falls on every side alike; answers each side's results in round order, after a warm-up round.
 */
export async function inTurns<T>(
  rounds: number,
  sides: (() => Promise<T>)[],
): Promise<T[][]> {
  // One round unrecorded first: the JIT compiles the hot path, pools and caches fill.
  for (const side of sides) await side();
  const results = sides.map((): T[] => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, side] of sides.entries()) results[i].push(await side());
  }
  return results;
}

/** A figure over rounds: its median, and the lowest and highest round. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export const spread = (values: number[], digits = 2): Spread => ({
  median: round(median(values), digits),
  min: round(Math.min(...values), digits),
  max: round(Math.max(...values), digits),
});

/** Round by round ratios of two sides' figures. */
export const ratios = (a: number[], b: number[]) =>
  spread(a.map((value, i) => value / b[i]));

export interface ApiAnswer {
  status: number;
  text: string;
}

/**
 * The one way bench and soak call the API: a JSON body always goes with its content type (the
 * API refuses anything else with a 415), and the whole answer is read.
 */
export async function callApi(
  url: string,
  options: {
    method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
    json?: unknown;
    dispatcher?: Dispatcher;
  } = {},
): Promise<ApiAnswer> {
  const res = await request(url, {
    method: options.method ?? 'GET',
    headers: {
      ...options.headers,
      ...(options.json === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    dispatcher: options.dispatcher,
  });
  return { status: res.statusCode, text: await res.body.text() };
}

/** Sequential requests, one at a time: the latency a single user sees. */
export async function sequentialP50(
  count: number,
  next: (i: number) => {
    url: string;
    headers: Record<string, string>;
    method?: 'GET' | 'POST';
    json?: unknown;
  },
): Promise<{ p50: number; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  for (let i = 0; i < count; i++) {
    const { url, ...options } = next(i);
    const started = performance.now();
    const { status } = await callApi(url, options);
    times.push(performance.now() - started);
    if (status !== 200) failures++;
  }
  return { p50: round(median(times)), failures };
}

/** sequentialP50, and the CPU time process `pid` spent per request meanwhile (µs). */
export async function sequentialWithCpu(
  pid: number,
  count: number,
  next: Parameters<typeof sequentialP50>[1],
): Promise<{ p50: number; failures: number; cpuUs: number }> {
  const before = cpuMs(pid);
  const result = await sequentialP50(count, next);
  return { ...result, cpuUs: ((cpuMs(pid) - before) * 1000) / count };
}

/** A figure as the tables print it: a number, or median (min–max). */
export const shown = (figure: number | Spread) =>
  typeof figure === 'number'
    ? String(figure)
    : `${figure.median} (${figure.min}–${figure.max})`;

export const round = (value: number, digits = 2) =>
  Number(value.toFixed(digits));

/** The built service (or another program) as a child process; resolves once readiness answers 200. */
export async function startApp(
  root: string,
  env: NodeJS.ProcessEnv,
  port: number,
  options: {
    /** Node options, e.g. --max-old-space-size=192. */
    nodeArgs?: string[];
    /** Count the time spent in garbage collection (from --trace-gc). */
    traceGc?: boolean;
    /** Another program answering the same readiness path (default: dist/main.js). */
    script?: string;
  } = {},
): Promise<{
  process: ChildProcess;
  readyMs: number;
  /** Milliseconds paused for garbage collection so far (traceGc only). */
  gcMs: () => number;
  stop: () => Promise<void>;
}> {
  const started = performance.now();
  const nodeArgs = [
    ...(options.nodeArgs ?? []),
    ...(options.traceGc ? ['--trace-gc'] : []),
  ];
  const child = spawn(
    process.execPath,
    [...nodeArgs, options.script ?? join(root, 'dist', 'main.js')],
    {
      cwd: root,
      env: { PATH: process.env.PATH, ...env, PORT: String(port) },
      stdio: ['ignore', options.traceGc ? 'pipe' : 'ignore', 'inherit'],
    },
  );
  // --trace-gc lines end with the pause: "…, 0.81 / 0.00 ms …".
  let gcMs = 0;
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const pause = /, ([\d.]+) \/ [\d.]+ ms/.exec(line);
      if (pause) gcMs += Number(pause[1]);
    }
  });
  const stop = () => stopProcess(child);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the app exited with code ${child.exitCode}`);
    const ok = await request(
      `http://127.0.0.1:${port}/api/v1/health/database`,
    ).then(
      async (res) => {
        await res.body.text();
        return res.statusCode === 200;
      },
      () => false,
    );
    if (ok)
      return {
        process: child,
        readyMs: round(performance.now() - started, 0),
        gcMs: () => round(gcMs, 0),
        stop,
      };
    await sleep(5);
  }
  await stop();
  throw new Error('the app was not ready within 30 s');
}

/**
 * The Node options the container image starts the service with (the Dockerfile's `CMD`), so
 * that figures are those of the process a pod runs.
 */
export function imageNodeArgs(root: string): string[] {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])\s*$/m.exec(dockerfile)?.[1];
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  const args = JSON.parse(cmd) as string[];
  return args.slice(1, args.indexOf('dist/main.js'));
}

/** Resident memory of a process, from /proc. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return round(kb / 1024, 1);
}

/**
 * CPU time (user and system) a process has used so far, in milliseconds, from /proc. The
 * kernel counts it in clock ticks of 10 ms (USER_HZ is 100 on Linux): read it over hundreds of
 * requests, not one.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces: state is the first.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The floor of any app in front of PostgREST: one more hop that does nothing else. It sends
 * every request to one data API path with the caller's token and passes the answer back, over
 * a keep-alive pool as the app does.
 */
export async function startBareProxy(options: {
  origin: string;
  path: string;
  apikey: string;
  port: number;
}): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new Pool(options.origin, { connections: 128 });
  const proxy = createServer((req, res) => {
    pool
      .request({
        method: 'GET',
        path: options.path,
        headers: {
          apikey: options.apikey,
          authorization: req.headers.authorization ?? '',
        },
      })
      .then(
        async (answer) => {
          res.writeHead(answer.statusCode, {
            'content-type': 'application/json',
          });
          res.end(Buffer.from(await answer.body.arrayBuffer()));
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
  });
  await new Promise<void>((resolve) =>
    proxy.listen(options.port, '127.0.0.1', resolve),
  );
  return {
    url: `http://127.0.0.1:${options.port}/`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await pool.close();
    },
  };
}
