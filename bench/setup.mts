import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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

/** What the build is made from: the sources and everything that says how to compile them. */
function buildInputsDigest(): string {
  const files = [
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'nest-cli.json',
    ...readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .map((file) => join('src', file))
      .filter((file) => statSync(join(ROOT, file)).isFile()),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash.update(`${file}\0`).update(readFileSync(join(ROOT, file)));
  return hash.digest('hex');
}

/**
 * Builds the service unless dist/ is the build of these very sources (a build takes about 20 s
 * here). The stamp names the inputs and the build it vouches for: another build, by anyone,
 * changes dist/main.js and voids it.
 */
function buildOnce(log: (line: string) => void): void {
  const stampFile = join(ROOT, 'bench', 'results', 'build.json');
  const builtAt = () => statSync(join(ROOT, 'dist', 'main.js')).mtimeMs;
  const inputs = buildInputsDigest();
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as {
      inputs: string;
      builtAt: number;
    };
    if (stamp.inputs === inputs && stamp.builtAt === builtAt()) {
      log('dist/ is the build of the current sources: not building again');
      return;
    }
  } catch {
    // No stamp, or no build: build.
  }
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
  writeFileSync(stampFile, JSON.stringify({ inputs, builtAt: builtAt() }));
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

  buildOnce(log);

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
  const db = new pg.Client({ connectionString: stack.env.DATABASE_ADMIN_URL });
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

/** A user whose personal workspace holds 1,000 customers: enough for a page with a next cursor. */
export async function seedListWorkspace(
  db: pg.Client,
): Promise<{ owner: string; workspace: string }> {
  const owner = (
    await db.query<{ id: string }>(
      `insert into auth.users (email) values ('list-' || gen_random_uuid() || '@example.test') returning id`,
    )
  ).rows[0].id;
  const workspace = (
    await db.query<{ id: string }>(
      'select id from public.workspaces where personal and created_by = $1',
      [owner],
    )
  ).rows[0].id;
  await db.query(
    `insert into public.customers (workspace_id, created_by, name, email)
     select $1, $2, 'P ' || i, 'p' || i || '@example.test' from generate_series(1, 1000) i`,
    [workspace, owner],
  );
  await db.query('analyze public.customers');
  return { owner, workspace };
}
