-- Bug: the search finds deleted people and companies.
-- Caught by: test/companies/search.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.search_workspace'::regproc);
  body text;
begin
  body := replace(original, 'and c.deleted_at is null', '');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
