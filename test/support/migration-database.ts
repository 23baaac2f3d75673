import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { sql } from './database';
import { ROOT } from './service-process';

const MIGRATIONS = join(ROOT, 'supabase', 'migrations');

export interface MigrationDatabase {
  /** A superuser connection to it. */
  db: Client;
  /** Runs one migration file of supabase/migrations on it. */
  run(file: string): Promise<void>;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * A database of its own with the stack's bootstrap and every migration before `file`, as a
 * deployment that has not received `file` yet: a data migration's spec fills it the way the
 * older schema allowed, runs `file`, and reads what came of the rows.
 */
export async function databaseBefore(file: string): Promise<MigrationDatabase> {
  const files = readdirSync(MIGRATIONS)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  if (!files.includes(file))
    throw new Error(`no migration ${file} in supabase/migrations`);
  const name = `migration_${randomBytes(6).toString('hex')}`;
  await sql(`create database ${name}`);
  const url = new URL(process.env.DATABASE_ADMIN_URL!);
  url.pathname = `/${name}`;
  const db = new Client({ connectionString: url.toString() });
  const run = async (migration: string) => {
    await db.query(readFileSync(join(MIGRATIONS, migration), 'utf8'));
  };
  const drop = async () => {
    await db.end().catch(() => undefined);
    await sql(`drop database if exists ${name} with (force)`);
  };
  try {
    await db.connect();
    await db.query(
      readFileSync(join(ROOT, 'scripts/local-stack/bootstrap.sql'), 'utf8'),
    );
    for (const earlier of files.filter((f) => f < file)) await run(earlier);
  } catch (error) {
    await drop();
    throw error;
  }
  return { db, run, drop };
}
