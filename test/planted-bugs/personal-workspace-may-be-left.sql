-- Bug: the user a personal workspace belongs to may leave it (or be removed or demoted) once
-- another owner shares it: they are left with none.
-- Caught by: test/workspaces/personal-workspace.e2e-spec.ts
drop trigger workspace_members_keep_its_person on public.workspace_members;
