import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sharedWorkspace, sql } from './database';
import { signedInUser, type TestUser } from './users';

export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** A shared workspace with one user in each role, and a stranger to it (in their own one). */
export interface Team {
  workspaceId: string;
  users: Record<Role, TestUser>;
  stranger: TestUser;
  /** A member of this workspace and owner of its own: only the pairing of ids stops a mix. */
  bridge: TestUser;
}

export async function team(): Promise<Team> {
  const users = Object.fromEntries(
    await Promise.all(ROLES.map(async (r) => [r, await signedInUser()])),
  ) as Record<Role, TestUser>;
  const bridge = await signedInUser();
  const workspaceId = await sharedWorkspace([
    [users.owner, 'owner'],
    [users.admin, 'admin'],
    [users.member, 'member'],
    [users.viewer, 'viewer'],
    [bridge, 'member'],
  ]);
  return { workspaceId, users, stranger: await signedInUser(), bridge };
}

/** A company of the workspace, straight into the table; `deleted` makes it a deleted one. */
export async function companyIn(workspaceId: string, deleted = false) {
  const [company] = await sql<{ id: string; name: string; domain: string }>(
    `insert into public.companies (workspace_id, name, domain, deleted_at)
     values ($1, $2, $3, case when $4 then now() end) returning id, name, domain`,
    [
      workspaceId,
      `Company ${randomUUID().slice(0, 8)}`,
      `${randomUUID()}.example`,
      deleted,
    ],
  );
  return company;
}

export const NO_SUCH_COMPANY = {
  code: 'PT422',
  message: 'no such company in this workspace',
};
export const DELETED_COMPANY = {
  code: 'PT422',
  message: 'the company is deleted: restore it before linking to it',
};
/** The same rules as the API words them. */
export const apiWording = (refusal: { message: string }) =>
  `${refusal.message[0].toUpperCase()}${refusal.message.slice(1)}.`;

/**
 * Marks records merged into a survivor as a merge leaves them (deleted, `merged_into` set), in a
 * transaction that says it is a merge: outside one, the timeline refuses entries about a record
 * merged away, as it refuses any new link to one.
 */
export async function markMerged(
  table: 'customers' | 'companies',
  survivors: Record<string, string | null>,
): Promise<void> {
  const client = new Client({
    connectionString: process.env.DATABASE_ADMIN_URL!,
  });
  await client.connect();
  try {
    await client.query('begin');
    await client.query("select set_config('crm.merging', 'on', true)");
    for (const [id, survivor] of Object.entries(survivors))
      await client.query(
        `update public.${table} set deleted_at = now(), merged_into = $2 where id = $1`,
        [id, survivor],
      );
    await client.query('commit');
  } finally {
    await client.end();
  }
}
