-- Bug: the last owner may leave, leaving a workspace nobody can run.
-- Caught by: test/workspaces/workspaces.e2e-spec.ts
drop trigger workspace_members_keep_an_owner on public.workspace_members;
