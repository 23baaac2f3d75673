-- Bug: a company merged into another can be restored, leaving two records of one firm.
-- Caught by: test/database/companies-rules.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.companies_before_write'::regproc);
  body text;
begin
  body := replace(original, 'if old.merged_into is not null and new.deleted_at is null then',
                  'if false then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
