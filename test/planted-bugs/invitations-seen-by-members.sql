-- Bug: every member, not only admins, reads the workspace's invitations (who was invited, as what).
-- Caught by: test/database/catalog-tables.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
alter policy workspace_invitations_select on public.workspace_invitations
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
