-- Bug: a person or a deal may be linked to a deleted company.
-- Caught by: test/customers/customer-companies.e2e-spec.ts, test/pipeline/deal-companies.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.company_link_live'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'if linked.deleted_at is not null then', 'if false then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
