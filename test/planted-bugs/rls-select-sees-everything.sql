-- Bug: every signed-in user reads every customer (the Atomic CRM shape).
-- Caught by: test/tooling/local-stack.e2e-spec.ts, test/workspaces/workspace-roles.e2e-spec.ts
alter policy customers_select on public.customers using (true);
