-- Bug: list_customers takes p_company_id but lists the whole workspace.
-- Caught by: test/customers/customers-list.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_customers'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'if p_company_id is not null then', 'if p_company_id = p_workspace_id then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
