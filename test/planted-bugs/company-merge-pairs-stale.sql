-- Bug: the people a company merge brings over are never paired with the survivor's own people.
-- Caught by: test/companies/merge-pairs.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.merge_companies'::regproc);
  body text;
begin
  body := replace(original, 'perform private.refresh_customer_duplicates(m.id)',
                  'perform m.id');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
