-- Bug: every signed-in user reads every customer (the Atomic CRM shape).
-- Caught by: test/local-stack.e2e-spec.ts, test/customers.e2e-spec.ts
drop policy customers_select_own on public.customers;
create policy customers_select_own on public.customers
  for select to authenticated using (true);
