-- Bug: tags of any number, length or content straight through PostgREST.
-- Caught by: test/database/database-rules.e2e-spec.ts
alter table public.customers drop constraint customers_tags_check;
