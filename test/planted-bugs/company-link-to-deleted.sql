-- Bug: a person or a deal may be newly linked to a deleted company.
-- Caught by: test/database/companies-rules.e2e-spec.ts
drop trigger customers_company_link_live on public.customers;
drop trigger deals_company_link_live on public.deals;
