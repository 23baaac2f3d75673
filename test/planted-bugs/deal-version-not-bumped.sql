-- Bug: a deal's version is not bumped by a write, so a stale If-Match is not noticed.
-- Caught by: test/pipeline/deals.e2e-spec.ts, test/pipeline/moves.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.deals_before_write'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'new.version := old.version + 1;', 'new.version := old.version;');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
