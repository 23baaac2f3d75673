-- Bug: the customers' duplicates list reads the pairs of every workspace, not the caller's.
-- Caught by: test/companies/duplicates.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_customer_duplicates'::regproc);
  body text;
begin
  body := replace(original, '''d.workspace_id = %L', '''%L is not null');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
