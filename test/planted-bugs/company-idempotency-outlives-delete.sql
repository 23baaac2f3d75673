-- Bug: deleting a company keeps the Idempotency-Key that created it: a retry replays a deleted company.
-- Caught by: test/companies/companies.e2e-spec.ts
drop trigger companies_forget_idempotency on public.companies;
