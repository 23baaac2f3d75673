-- Bug: the select policy lets any signed-in user read every workspace's timeline straight
-- through PostgREST (the API's own functions still check membership).
-- Caught by: test/timeline/timeline-reads.e2e-spec.ts
drop policy activities_select on public.activities;
create policy activities_select on public.activities for select to authenticated using (true);
