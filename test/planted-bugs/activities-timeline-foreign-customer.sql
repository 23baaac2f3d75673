-- Bug: a customer's timeline checks only that the customer exists, not that it belongs to the
-- workspace asked for, so a member of one workspace can name another's customer.
-- Caught by: test/timeline/timeline-reads.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.list_activities'::regproc);
  body text;
begin
  body := replace(original,
    'where c.id = p_customer_id and c.workspace_id = p_workspace_id',
    'where c.id = p_customer_id');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
