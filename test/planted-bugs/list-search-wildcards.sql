-- Bug: list_deals searches titles without escaping LIKE's wildcards: % and _ match anything.
-- Caught by: test/database/catalog-functions.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_deals'::regproc);
  body text;
begin
  body := original;
  body := replace(body,
    '''%'' || replace(replace(replace(p_search, ''\'', ''\\''), ''%'', ''\%''), ''_'', ''\_'') || ''%''',
    '''%'' || p_search || ''%''');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
