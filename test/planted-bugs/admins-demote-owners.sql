-- Bug: the update policy lets admins reach owners' rows (demote or change an owner), while it
-- still keeps them from making an owner.
-- Caught by: test/workspaces/admins-and-owners.e2e-spec.ts
alter policy workspace_members_update on public.workspace_members
  using (workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[]));
