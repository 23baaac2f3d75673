-- Bug: a deal may name a customer of another workspace (the trigger checks only that it exists).
-- Caught by: test/pipeline/pipeline-rules.e2e-spec.ts, test/pipeline/deals.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.deals_before_write'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'where c.id = new.customer_id and c.workspace_id = new.workspace_id',
                  'where c.id = new.customer_id');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
