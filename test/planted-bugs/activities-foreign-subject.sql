-- Bug: an entry people add may be about a customer of another workspace (the trigger checks
-- only that the customer exists).
-- Caught by: test/timeline/people-entries.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.activities_before_insert'::regproc);
  body text;
begin
  body := replace(original,
    'where c.id = new.customer_id and c.workspace_id = new.workspace_id and c.deleted_at is null',
    'where c.id = new.customer_id');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
