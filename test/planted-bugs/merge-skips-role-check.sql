-- Bug: merge_companies checks that the caller is in the workspace, not that they may write (viewers merge).
-- Caught by: test/companies/merges.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.merge_companies'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'perform private.require_role(workspace, ''member'');', '');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
