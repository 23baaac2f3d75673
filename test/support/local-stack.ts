import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** What the local stack prints once it is ready (scripts/local-stack.mts). */
export interface StackEnv {
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
  SUPABASE_JWT_SECRET: string;
  DATABASE_URL: string;
}

export interface RunningStack {
  env: StackEnv;
  dataDir: string;
  process: ChildProcess;
}

const REQUIRED: (keyof StackEnv)[] = [
  'SUPABASE_URL',
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_JWT_SECRET',
  'DATABASE_URL',
];
const READY_TIMEOUT_MS = 60_000;

/** Starts a fresh stack on free ports in a temp dir; resolves once it printed its env. */
export async function startLocalStack(): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-stack-'));
  const child = spawn(
    process.execPath,
    [
      'scripts/local-stack.mts',
      '--api-port',
      '0',
      '--db-port',
      '0',
      '--data-dir',
      dataDir,
      '--fresh',
    ],
    { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr
    .setEncoding('utf8')
    .on('data', (chunk: string) => stderr.push(chunk));

  const env = await new Promise<StackEnv>((resolve, reject) => {
    const found: Partial<StackEnv> = {};
    const timer = setTimeout(
      () => fail(new Error('the local stack was not ready in time')),
      READY_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${error.message}\n${stderr.join('')}`));
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (!match) return;
      found[match[1] as keyof StackEnv] = match[2];
      if (REQUIRED.every((key) => found[key])) {
        clearTimeout(timer);
        resolve(found as StackEnv);
      }
    });
    child.once('exit', (code) =>
      fail(new Error(`the local stack exited early (code ${code})`)),
    );
  });
  return { env, dataDir, process: child };
}

/** Stops the stack and waits until every process it started is gone. */
export async function stopLocalStack(stack: RunningStack): Promise<void> {
  const { process: child } = stack;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(stack.dataDir, { recursive: true, force: true });
}
