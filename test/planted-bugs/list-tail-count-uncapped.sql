-- Bug: the paging tail counts every match of a big workspace instead of stopping past 10,000:
-- each page of a list costs a full count, and the total claims more than page mode reaches.
-- Caught by: test/customers/customers-list.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_page_tail'::regproc);
  body text;
begin
  body := replace(original, 'limit 10001) s', ') s');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
