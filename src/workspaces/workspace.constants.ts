/** Roles in a workspace, each including the ones before it (the database's enum order). */
export const WORKSPACE_ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const WORKSPACE_NAME_MAX = 100;
export const INVITATION_EMAIL_MAX = 320;

/** Whether `held` includes `needed`. */
export function roleIncludes(
  held: WorkspaceRole,
  needed: WorkspaceRole,
): boolean {
  return WORKSPACE_ROLES.indexOf(held) >= WORKSPACE_ROLES.indexOf(needed);
}
