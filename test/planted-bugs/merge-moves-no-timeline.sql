-- Bug: merge_companies moves people and deals but leaves the timeline on the merged-away company.
-- Caught by: test/companies/merges.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.merge_companies'::regproc);
  body text;
begin
  body := original;
  body := replace(body,
    'update public.activities a set company_id = survivor.id where a.company_id = duplicate.id;',
    '');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
