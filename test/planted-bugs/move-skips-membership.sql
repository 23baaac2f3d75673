-- Bug: move_deal checks that the caller can see the deal, not that they may write (viewers move).
-- Caught by: test/pipeline/pipeline-rules.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.move_deal'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'perform private.require_role(deal.workspace_id, ''member'');', '');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
