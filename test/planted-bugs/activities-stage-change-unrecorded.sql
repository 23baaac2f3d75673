-- Bug: moving a deal to another stage leaves no stage_changed entry on the timeline.
-- Caught by: test/timeline/system-entries.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.deals_record_activity'::regproc);
  body text;
begin
  body := replace(original, 'if new.stage_id <> old.stage_id then', 'if false then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
