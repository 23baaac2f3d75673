-- Bug: users may rewrite when a customer was created.
-- Caught by: test/database/database-rules.e2e-spec.ts
grant update (created_at) on public.customers to authenticated;
