-- Bug: reorder_stages checks that the new order has as many distinct ids as the pipeline has
-- stages, not that they are its stages: another pipeline's stages get this pipeline's keys.
-- Caught by: test/database/catalog-functions.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.reorder_stages'::regproc);
  body text;
begin
  body := original;
  body := replace(body,
    '(select array_agg(s.id order by s.id) from public.pipeline_stages s where s.pipeline_id = p_pipeline_id)
        is distinct from (select array_agg(x order by x) from unnest(p_stage_ids) x)',
    '(select count(*) from public.pipeline_stages s where s.pipeline_id = p_pipeline_id)
        is distinct from (select count(*) from unnest(p_stage_ids) x)');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
