-- Bug: users may write the stage history (forging when a deal moved).
-- Caught by: test/pipeline/pipeline-rules.e2e-spec.ts
grant insert, update on public.deal_stage_history to authenticated;
create policy deal_stage_history_write on public.deal_stage_history for all to authenticated
  using (true) with check (true);
