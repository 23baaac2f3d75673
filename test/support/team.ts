import { sharedWorkspace } from './database';
import { directWithToken, type Direct } from './postgrest';
import { signedInUser, type TestUser } from './users';

export const TEAM_ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** A workspace with a user of every role, and a stranger who is in none of it. */
export interface Team {
  workspaceId: string;
  users: Record<TeamRole, TestUser>;
  stranger: TestUser;
  /** Each user's own token straight to PostgREST. */
  direct(user: TestUser): Direct;
}

export async function team(name = 'Team'): Promise<Team> {
  const [owner, admin, member, viewer, stranger] = await Promise.all(
    Array.from({ length: 5 }, () => signedInUser()),
  );
  const workspaceId = await sharedWorkspace(
    [
      [owner, 'owner'],
      [admin, 'admin'],
      [member, 'member'],
      [viewer, 'viewer'],
    ],
    name,
  );
  return {
    workspaceId,
    users: { owner, admin, member, viewer },
    stranger,
    direct: (user) => directWithToken(user.token),
  };
}
