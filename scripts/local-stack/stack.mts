import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LOCAL_PROJECT, type ProjectKeys, postgrestJwks } from '../lib/keys.ts';
import type { StackEnv } from '../lib/stack-env.ts';
import { runSupabaseCli } from '../lib/supabase-cli.ts';
import { startGateway } from './gateway.mts';
import { runSql, startPostgres } from './postgres.mts';
import { startPostgrest } from './postgrest.mts';

export const ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
export const DEFAULT_DATA_DIR = join(ROOT, '.local', 'supabase');

export interface RunningStack {
  env: StackEnv;
  keys: ProjectKeys;
  stop: () => Promise<void>;
  /** For fault drills: stop PostgREST (or Postgres) and start it again on the same port. */
  restartPostgrest: () => Promise<void>;
  restartPostgres: () => Promise<void>;
}

export class PortInUseError extends Error {}

/** The live stream's role, created NOLOGIN by supabase/migrations/*_live_feed_role.sql. */
const LIVE_FEED_ROLE = 'crm_live_feed';

/** The role's login here: what a deployment does by hand once, the stack does on every start. */
function liveFeedLogin(password: string): string {
  return `alter role ${LIVE_FEED_ROLE} with login password ${pg.escapeLiteral(password)}`;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A program that runs the stack owns these signals: the handler stops what it started before
 * the process exits (Node's default would exit at once and orphan Postgres and PostgREST).
 */
export function onStopSignal(handler: (signal: string) => void): void {
  for (const signal of STOP_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, () => handler(signal));
  }
}

/** Claims the port for a moment, so a port in use is a clear error before anything starts. */
export function reservePort(port: number, label: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} is already in use (${label})`)
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const chosen =
        typeof address === 'object' && address ? address.port : port;
      probe.close(() => resolvePort(chosen));
    });
  });
}

/**
 * Embedded Postgres with Supabase's roles and auth schema, the migrations applied by the real
 * Supabase CLI, PostgREST, and a gateway with Supabase's URL layout. If any step fails, what
 * already started is stopped.
 */
export async function startStack(options: {
  apiPort: number;
  dbPort: number;
  dataDir: string;
  fresh: boolean;
  /** A project's keys; default: the Supabase CLI's well-known local ones. */
  keys?: ProjectKeys;
  log: (line: string) => void;
}): Promise<RunningStack> {
  const { log } = options;
  const started = Date.now();
  const apiPort = await reservePort(options.apiPort, '--api-port');
  const dbPort = await reservePort(options.dbPort, '--db-port');
  const postgrestPort = await reservePort(0, 'PostgREST');
  const adminPort = await reservePort(0, 'PostgREST admin');
  const dataDir = resolve(options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  const keys = options.keys ?? LOCAL_PROJECT;

  const cleanups: (() => Promise<unknown>)[] = [];
  const run = (cleanup: () => Promise<unknown>) =>
    cleanup().catch((error: unknown) =>
      log(`cleanup failed: ${String(error)}`),
    );
  // Gateway and PostgREST first (their signals go out at once), Postgres (pushed first) last.
  const stop = async () => {
    const [postgres, ...others] = cleanups.splice(0);
    await Promise.all(others.map(run));
    if (postgres) await run(postgres);
  };

  try {
    log(`starting Postgres on 127.0.0.1:${dbPort} (data in ${dataDir})`);
    let postgres = await startPostgres({
      dir: dataDir,
      port: dbPort,
      ephemeral: options.fresh,
      log,
    });
    cleanups.push(() => postgres.stop());
    const adminUrl = `${postgres.url}?sslmode=disable`;

    log('applying the Supabase bootstrap');
    await runSql(
      postgres.url,
      await readFile(
        join(ROOT, 'scripts', 'local-stack', 'bootstrap.sql'),
        'utf8',
      ),
    );
    log('applying migrations with the Supabase CLI');
    await runSupabaseCli(
      ['migration', 'up', '--yes', `--remote=${adminUrl}`],
      ROOT,
    );
    // After the migrations, so an existing data dir gets the role and its login too.
    log(`giving ${LIVE_FEED_ROLE} its local login`);
    await runSql(postgres.url, liveFeedLogin(keys.liveFeedPassword));
    if (postgres.created) {
      log('seeding the new database');
      await runSql(
        postgres.url,
        await readFile(join(ROOT, 'supabase', 'seed.sql'), 'utf8'),
      );
    }

    log('starting PostgREST');
    const postgrestOptions = {
      dbUrl: postgres.url.replace(
        'postgres:postgres@',
        'authenticator:postgres@',
      ),
      port: postgrestPort,
      adminPort,
      // As the Supabase CLI configures it: ES256 tokens by the signing key, HS256 (legacy) by
      // the secret.
      jwtSecret: JSON.stringify(postgrestJwks(keys)),
      log,
    };
    let postgrest = await startPostgrest(postgrestOptions);
    cleanups.push(() => postgrest.stop());
    log(`postgrest pid ${postgrest.process.pid}`);

    const gateway = await startGateway({
      port: apiPort,
      postgrestUrl: postgrest.url,
      keys,
    });
    cleanups.push(() => {
      gateway.closeAllConnections();
      return new Promise((done) => gateway.close(done));
    });

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // For tests and tools that need to reach the parts (e.g. to freeze PostgREST).
    // Written whole, then renamed, so a reader never sees half a file.
    const stateFile = join(dataDir, 'stack.json');
    const writeState = () => {
      const state = {
        apiUrl,
        dbUrl: adminUrl,
        postgrestUrl: postgrest.url,
        postgrestPid: postgrest.process.pid,
        postgresPid: postgres.pid(),
        stackPid: process.pid,
      };
      writeFileSync(`${stateFile}.tmp`, JSON.stringify(state, null, 2));
      renameSync(`${stateFile}.tmp`, stateFile);
    };
    writeState();
    const restartPostgrest = async () => {
      await postgrest.stop();
      postgrest = await startPostgrest(postgrestOptions);
      writeState();
      log(`PostgREST restarted (pid ${postgrest.process.pid})`);
    };
    const restartPostgres = async () => {
      await postgres.stop();
      // Same cluster, same port; never wiped, whatever --fresh said.
      postgres = await startPostgres({
        dir: dataDir,
        port: dbPort,
        ephemeral: false,
        log,
      });
      writeState();
      log(`Postgres restarted (pid ${postgres.pid()})`);
    };
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return {
      keys,
      env: {
        SUPABASE_URL: apiUrl,
        SUPABASE_PUBLISHABLE_KEY: keys.publishableKey,
        SUPABASE_SECRET_KEY: keys.secretKey,
        SUPABASE_ANON_KEY: keys.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
        SUPABASE_JWT_SECRET: keys.jwtSecret,
        DATABASE_URL: `postgresql://${LIVE_FEED_ROLE}:${encodeURIComponent(keys.liveFeedPassword)}@127.0.0.1:${dbPort}/postgres?sslmode=disable`,
        DATABASE_ADMIN_URL: adminUrl,
      },
      stop,
      restartPostgrest,
      restartPostgres,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
