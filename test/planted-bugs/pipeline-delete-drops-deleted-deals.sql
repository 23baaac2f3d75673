-- Bug: deleting a pipeline hard-deletes its deleted deals, and their timeline and stage history
-- (other people's calls and notes) go with them by cascade: restoring one answers 404.
-- Caught by: test/pipeline/pipeline-deletion.e2e-spec.ts
alter table public.activities drop constraint activities_deal_id_fkey,
  add constraint activities_deal_id_fkey foreign key (deal_id)
    references public.deals (id) on delete cascade;
alter table public.deal_stage_history drop constraint deal_stage_history_deal_id_fkey,
  add constraint deal_stage_history_deal_id_fkey foreign key (deal_id)
    references public.deals (id) on delete cascade;
do $$
declare
  original text := pg_get_functiondef('private.delete_pipeline'::regproc);
  body text;
begin
  body := replace(original, 'if exists (select from public.deals d where d.pipeline_id = p_pipeline_id) then',
    'delete from public.deals d where d.pipeline_id = p_pipeline_id;
  if false then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
