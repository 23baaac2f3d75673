import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stopProcess } from '../../scripts/lib/processes';
import { type StackEnv, readStackEnvLine } from '../../scripts/lib/stack-env';

export interface RunningStack {
  env: StackEnv;
  dataDir: string;
  process: ChildProcess;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts a fresh stack on free ports in a temp dir; resolves once it printed its env.
 * `newProject`: keys of its own, as a deployed project has (NODE_ENV=production refuses the
 * well-known local ones).
 */
export async function startLocalStack(
  options: { newProject?: boolean } = {},
): Promise<RunningStack> {
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
      ...(options.newProject ? ['--new-project'] : []),
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
      if (readStackEnvLine(line, found)) {
        clearTimeout(timer);
        resolve(found);
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
  await stopProcess(stack.process);
  rmSync(stack.dataDir, { recursive: true, force: true });
}
