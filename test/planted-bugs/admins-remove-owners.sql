-- Bug: the delete policy lets admins remove owners.
-- Caught by: test/workspaces/admins-and-owners.e2e-spec.ts
alter policy workspace_members_delete on public.workspace_members
  using (user_id = (select auth.uid())
         or workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[]));
