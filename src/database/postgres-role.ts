import type pg from 'pg';

/** A role the connection's user is, or may become (SET ROLE), that RLS does not hold. */
export interface PrivilegedRole {
  /** The connection's own role. */
  user: string;
  /** The privileged role: `user` itself, or one it is a member of. */
  role: string;
  superuser: boolean;
  bypassRls: boolean;
}

/**
 * The connection's own role first: a superuser may become any role, and the clearest report
 * names the role the URL logs in as.
 */
const PRIVILEGED_ROLE = `
  select current_user as "user", r.rolname as role,
         r.rolsuper as superuser, r.rolbypassrls as "bypassRls"
    from pg_catalog.pg_roles r
   where (r.rolsuper or r.rolbypassrls)
     and pg_catalog.pg_has_role(current_user, r.oid, 'member')
   order by r.rolname = current_user desc, r.rolname
   limit 1`;

/** What RLS would not hold on this connection, or undefined when it holds everything. */
export async function privilegedRoleOf(
  client: Pick<pg.Client, 'query'>,
): Promise<PrivilegedRole | undefined> {
  const { rows } = await client.query<PrivilegedRole>(PRIVILEGED_ROLE);
  return rows[0];
}

/** Why DATABASE_URL is refused, and the fix; names roles, never the URL. */
export function privilegedRoleProblem(found: PrivilegedRole): string {
  const what = [
    found.superuser && 'is a superuser',
    found.bypassRls && 'bypasses row level security',
  ]
    .filter(Boolean)
    .join(' and ');
  const via = found.role === found.user ? '' : ` a member of "${found.role}",`;
  return (
    `DATABASE_URL logs in as role "${found.user}",${via} which ${what}. Live updates must run ` +
    'as a role that can only LISTEN and read the timeline: give the role crm_live_feed ' +
    '(created by the migrations) a login and put it in DATABASE_URL (docs/local-stack.md, ' +
    '"The live stream\'s database role").'
  );
}

/** Start-up refused: DATABASE_URL's role is more than the live stream may be. */
export class PrivilegedDatabaseRoleError extends Error {
  override readonly name = 'PrivilegedDatabaseRoleError';

  constructor(found: PrivilegedRole) {
    super(privilegedRoleProblem(found));
  }
}
