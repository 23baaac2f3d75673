-- Bug: anyone may insert a membership, for any workspace and role.
-- Caught by: test/workspaces/workspace-roles.e2e-spec.ts
grant insert on public.workspace_members to authenticated;
create policy workspace_members_insert on public.workspace_members
  for insert to authenticated with check (user_id = (select auth.uid()));
