-- Bug: users may write a deal's position and stage directly (the column grant is too wide).
-- Caught by: test/pipeline/pipeline-rules.e2e-spec.ts
grant update (position, stage_id) on public.deals to authenticated;
grant insert (position) on public.deals to authenticated;
