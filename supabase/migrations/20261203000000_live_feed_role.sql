-- The live stream's own role: what each pod's LISTEN connection and its small pool of readers run
-- as (DATABASE_URL). It may LISTEN (every role may), read the timeline, and read who belongs to
-- which workspace (two columns); nothing else: no other table, no write, no definer function,
-- not superuser, no BYPASSRLS. RLS stays on: the policies below are what it may see.
--
-- NOLOGIN: a password never belongs in a migration. Whoever deploys gives it one
-- (`alter role crm_live_feed with login password '…'`); the local stack does so for development.

do $$
begin
  -- A role belongs to the cluster, not to the database: a reset database finds it still there.
  if not exists (select from pg_catalog.pg_roles where rolname = 'crm_live_feed') then
    create role crm_live_feed nologin nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
  end if;
end
$$;

comment on role crm_live_feed is
  'Live updates (GET …/events): LISTEN crm_activities, read public.activities and the (workspace_id, user_id) pairs of public.workspace_members. Nothing else.';

grant usage on schema public to crm_live_feed;

grant select on public.activities to crm_live_feed;
create policy activities_select_live_feed on public.activities
  for select to crm_live_feed
  using (true);
comment on policy activities_select_live_feed on public.activities is
  'The live stream reads new entries of every workspace with open streams once per pod; the API admits a stream only after checking, as the user, that they are a member.';

grant select (workspace_id, user_id) on public.workspace_members to crm_live_feed;
create policy workspace_members_select_live_feed on public.workspace_members
  for select to crm_live_feed
  using (true);
comment on policy workspace_members_select_live_feed on public.workspace_members is
  'The live stream rechecks every few seconds that each open stream''s user is still a member, for all of a pod''s streams in one statement.';
