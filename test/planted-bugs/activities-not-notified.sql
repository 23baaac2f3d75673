-- Bug: a new entry notifies nobody; streams learn of it only from the safety poll, seconds late.
-- Caught by: test/timeline/events.e2e-spec.ts, test/timeline/events-pods.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.activities_before_insert'::regproc);
  body text;
begin
  body := replace(original, 'perform pg_notify(''crm_activities'', new.workspace_id::text);', 'null;');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
