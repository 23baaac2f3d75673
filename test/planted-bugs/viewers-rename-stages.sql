-- Bug: the stages' update policy asks for any role: viewers rename stages and change their kind.
-- Caught by: test/database/catalog-tables.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
alter policy pipeline_stages_update on public.pipeline_stages
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
