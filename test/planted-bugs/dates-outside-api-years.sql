-- Bug: infinity, years BC and years past 9999 as close and due dates straight through PostgREST.
-- Caught by: test/database/date-bounds.e2e-spec.ts
alter table public.deals drop constraint deals_expected_close_date_within_years;
alter table public.activities drop constraint activities_due_at_within_years;
