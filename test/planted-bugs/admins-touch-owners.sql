-- Bug: admins may change owners and make owners.
-- Caught by: test/workspaces/workspace-roles.e2e-spec.ts
alter policy workspace_members_update on public.workspace_members
  using (workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[]));
