-- Bug: changes to a company leave no timeline entry.
-- Caught by: test/database/companies-rules.e2e-spec.ts
drop trigger companies_record_activity on public.companies;
