-- Bug: a domain written straight through PostgREST is stored as sent (scheme, www, case).
-- Caught by: test/database/companies-rules.e2e-spec.ts
create or replace function private.normalize_domain(p_domain text)
returns text
language sql
immutable
set search_path = ''
as $$
  select p_domain
$$;
