-- Bug: list_customers writes the tag filter into its SQL unquoted: a quote in a tag breaks the
-- statement (or injects into it).
-- Caught by: test/database/catalog-functions.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_customers'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'format(''c.tags @> array[%L]'', p_tag)',
                  'format(''c.tags @> array[''''%s''''::text]'', p_tag)');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
