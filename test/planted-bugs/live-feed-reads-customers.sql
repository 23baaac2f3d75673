-- Bug: the live stream's role may read customers, which it never needs.
-- Caught by: test/database/live-feed-role.e2e-spec.ts
grant select on public.customers to crm_live_feed;
