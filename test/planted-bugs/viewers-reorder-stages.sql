-- Bug: reorder_stages asks for any role: viewers put the stages in a new order.
-- Caught by: test/database/catalog-functions.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.reorder_stages'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'perform private.require_role(pipeline.workspace_id, ''member'');',
                  'perform private.require_role(pipeline.workspace_id, ''viewer'');');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
