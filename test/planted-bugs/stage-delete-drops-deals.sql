-- Bug: deleting a stage deletes the deals in it instead of asking where they go.
-- Caught by: test/pipeline/pipelines-and-stages.e2e-spec.ts
alter table public.deals drop constraint deals_workspace_id_pipeline_id_stage_id_fkey;
alter table public.deals add foreign key (workspace_id, pipeline_id, stage_id)
  references public.pipeline_stages (workspace_id, pipeline_id, id) on delete cascade;
do $$
declare
  original text := pg_get_functiondef('private.delete_stage'::regproc);
  body text;
begin
  body := original;
  body := replace(body, 'and d.stage_id = p_stage_id) then',
                  'and d.stage_id = p_stage_id and p_move_to is not null) then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
