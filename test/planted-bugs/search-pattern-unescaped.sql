-- Bug: the search puts the text into LIKE as it is: % and _ match anything.
-- Caught by: test/companies/search.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.search_workspace'::regproc);
  body text;
begin
  body := replace(original,
    '''%'' || replace(replace(replace(query, ''\'', ''\\''), ''%'', ''\%''), ''_'', ''\_'') || ''%''',
    '''%'' || query || ''%''');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
