-- Bug: pipeline_board checks that the caller belongs to the workspace named, not that the
-- pipeline belongs to it: a member of two workspaces reads one's board under the other's id.
-- Caught by: test/database/catalog-functions.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.pipeline_board'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'where p.id = p_pipeline_id and p.workspace_id = p_workspace_id;',
                  'where p.id = p_pipeline_id;');
  body := replace(body, 'private.my_role(pipeline.workspace_id) is null',
                  'private.my_role(p_workspace_id) is null');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
