-- Bug: members may delete rows the product only deletes softly.
-- Caught by: test/database/database-rules.e2e-spec.ts, test/customers/customers.e2e-spec.ts
grant delete on public.customers to authenticated;
create policy customers_delete on public.customers
  for delete to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
