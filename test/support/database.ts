import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** What the local stack writes into its data dir (scripts/local-stack/stack.mts). */
export interface StackState {
  apiUrl: string;
  dbUrl: string;
  postgrestUrl: string;
  postgrestPid: number;
  postgresPid: number;
  stackPid: number;
}

export function stackState(
  dataDir = process.env.CRM_STACK_DATA_DIR!,
): StackState {
  return JSON.parse(
    readFileSync(join(dataDir, 'stack.json'), 'utf8'),
  ) as StackState;
}

/** Runs one query as the database superuser (test set-up only: the app never does this). */
export async function sql<T extends object = Record<string, unknown>>(
  text: string,
  values: unknown[] = [],
  databaseUrl = process.env.DATABASE_URL!,
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A user in auth.users, as Supabase Auth would create at sign-up. */
export async function createUser(
  email?: string,
): Promise<{ id: string; email: string }> {
  const address =
    email ??
    `user-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const [user] = await sql<{ id: string; email: string }>(
    'insert into auth.users (email) values ($1) returning id, email',
    [address],
  );
  return user;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
