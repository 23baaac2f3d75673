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
  databaseUrl = process.env.DATABASE_ADMIN_URL!,
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface CreatedUser {
  id: string;
  email: string;
  /** The personal workspace the sign-up trigger made. */
  workspaceId: string;
}

/** A user in auth.users, as Supabase Auth would create at sign-up (with its personal workspace). */
export async function createUser(email?: string): Promise<CreatedUser> {
  const address =
    email ??
    `user-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const [user] = await sql<{ id: string; email: string }>(
    'insert into auth.users (email) values ($1) returning id, email',
    [address],
  );
  return { ...user, workspaceId: await personalWorkspaceOf(user.id) };
}

export async function personalWorkspaceOf(userId: string): Promise<string> {
  const [workspace] = await sql<{ id: string }>(
    'select id from public.workspaces where personal and created_by = $1',
    [userId],
  );
  return workspace.id;
}

/** A workspace shared by several users with the roles given (the first one listed creates it). */
export async function sharedWorkspace(
  members: [{ id: string }, string][],
  name = 'Shared workspace',
): Promise<string> {
  const [workspace] = await sql<{ id: string }>(
    'insert into public.workspaces (name, created_by) values ($1, $2) returning id',
    [name, members[0][0].id],
  );
  for (const [member, role] of members) {
    await sql(
      'insert into public.workspace_members (workspace_id, user_id, role) values ($1, $2, $3)',
      [workspace.id, member.id, role],
    );
  }
  return workspace.id;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A session that acts as a signed-in user and reports the plans of what it runs. */
export interface ExplainingSession {
  client: Client;
  /** Runs one statement: its rows, and the plans auto_explain logged, nested statements included. */
  run<T extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: T[]; plans: string[] }>;
  end(): Promise<void>;
}

/**
 * A session as `userId` under the `authenticated` role, with auto_explain logging the plan of
 * every statement, those inside functions too: the functions' queries are dynamic, so a plain
 * EXPLAIN of the call shows nothing (and EXPLAIN is refused inside a stable function).
 */
export async function explainingSessionAs(
  userId: string,
  options: { analyze?: boolean } = {},
): Promise<ExplainingSession> {
  const client = new Client({
    connectionString: process.env.DATABASE_ADMIN_URL,
  });
  await client.connect();
  const plans: string[] = [];
  client.on('notice', (notice) => plans.push(notice.message ?? ''));
  await client.query(`load 'auto_explain'`);
  await client.query(`set auto_explain.log_min_duration = 0`);
  await client.query(`set auto_explain.log_nested_statements = on`);
  if (options.analyze) await client.query(`set auto_explain.log_analyze = on`);
  await client.query(`set client_min_messages = log`);
  await client.query(`set role authenticated`);
  await client.query(`select set_config('request.jwt.claims', $1, false)`, [
    JSON.stringify({ sub: userId, role: 'authenticated' }),
  ]);
  return {
    client,
    async run<T extends object>(text: string, values: unknown[] = []) {
      plans.length = 0;
      const { rows } = await client.query<T>(text, values);
      return { rows, plans: [...plans] };
    },
    end: () => client.end(),
  };
}

/** `select public.fn(a => $1, b => $2)` and its values, for a call with named arguments. */
export function namedCall(
  fn: string,
  args: Record<string, unknown>,
): [string, unknown[]] {
  const names = Object.keys(args);
  return [
    `select public.${fn}(${names.map((n, i) => `${n} => $${i + 1}`).join(', ')}) as result`,
    Object.values(args),
  ];
}
