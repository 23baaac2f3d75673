-- Bug: a live company's domain is no longer unique in its workspace: two live companies share it.
-- Caught by: test/companies/companies.e2e-spec.ts
drop trigger companies_domain_free on public.companies;
drop index public.companies_workspace_domain_key;
