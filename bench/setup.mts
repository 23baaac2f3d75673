import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { newProjectKeys, signAccessToken } from '../scripts/lib/keys.ts';
import {
  ROOT,
  onStopSignal,
  startStack,
  type RunningStack,
} from '../scripts/local-stack/stack.mts';

/** What the benchmark and the soak share: a built app, a fresh stack, a database client. */
export interface BenchContext {
  stack: RunningStack;
  db: pg.Client;
  /** Production settings of the app against this stack (a project secret of its own). */
  appEnv: NodeJS.ProcessEnv;
  tokenFor: (userId: string) => Promise<string>;
  cleanups: (() => Promise<unknown>)[];
  cleanUp: () => Promise<void>;
}

export async function prepare(
  log: (line: string) => void,
): Promise<BenchContext> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  };
  onStopSignal(() => void cleanUp().then(() => process.exit(130)));
  // A crash half-way must not leave a stack or an app running.
  const crashed = (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? error.stack : String(error)}\n`,
    );
    void cleanUp().finally(() => process.exit(1));
  };
  process.once('uncaughtException', crashed);
  process.once('unhandledRejection', crashed);

  log('building');
  const nest = join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js');
  if (
    spawnSync(process.execPath, [nest, 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    }).status !== 0
  ) {
    process.exit(1);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const keys = await newProjectKeys();
  const stack = await startStack({
    apiPort: 0,
    dbPort: 0,
    dataDir,
    fresh: true,
    keys,
    log: () => undefined,
  });
  cleanups.push(async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const db = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await db.connect();
  cleanups.unshift(() => db.end());

  const tokenFor = (userId: string) =>
    signAccessToken(
      {
        userId,
        issuer: `${stack.env.SUPABASE_URL}/auth/v1`,
        expiresAt: Math.floor(Date.now() / 1000) + 7200,
      },
      { alg: 'ES256', jwk: keys.signingKey },
    );
  const appEnv: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    SUPABASE_URL: stack.env.SUPABASE_URL,
    SUPABASE_PUBLISHABLE_KEY: keys.publishableKey,
    SUPABASE_SECRET_KEY: keys.secretKey,
    DATABASE_URL: stack.env.DATABASE_URL,
    SECRET_KEY: randomBytes(32).toString('hex'),
    SHUTDOWN_GRACE_MS: '0',
    // The load comes from one address and a few users on purpose.
    RATE_LIMIT_PER_IP: '1000000000',
    RATE_LIMIT_PER_USER: '1000000000',
    // 1,000 streams over the 50 members of the big workspace.
    EVENTS_MAX_STREAMS_PER_USER: '25',
  };
  return { stack, db, appEnv, tokenFor, cleanups, cleanUp };
}
