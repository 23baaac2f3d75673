-- Bug: move_deal reads the target column without locking it, so two moves into one gap read
-- the same neighbours at once instead of one after the other.
-- Caught by: test/pipeline/move-protocol.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.move_deal'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'where s.id = p_stage_id and s.workspace_id = deal.workspace_id for no key update;',
                  'where s.id = p_stage_id and s.workspace_id = deal.workspace_id;');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
