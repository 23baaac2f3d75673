-- Bug: the definer functions (lists, creates, members, invitations) stop checking membership:
-- anyone reads any workspace's customers through list_customers.
-- Caught by: test/workspaces/workspace-roles.e2e-spec.ts, test/customers/customers.e2e-spec.ts
create or replace function private.require_role(workspace uuid, minimum public.workspace_role)
returns public.workspace_role language sql stable security definer set search_path = ''
as $$ select 'owner'::public.workspace_role $$;
