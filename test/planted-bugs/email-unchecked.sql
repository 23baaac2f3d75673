-- Bug: any text as an email straight through PostgREST.
-- Caught by: test/database/database-rules.e2e-spec.ts
alter table public.customers drop constraint customers_email_check;
