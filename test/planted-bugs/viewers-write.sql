-- Bug: viewers may change customers (the update policy asks for any role).
-- Caught by: test/workspaces/workspace-roles.e2e-spec.ts
alter policy customers_update on public.customers
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
