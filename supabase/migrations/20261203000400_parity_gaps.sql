-- What a user's token straight to PostgREST could do beyond the API, closed in the database so
-- both are equally limited.
--
-- 1. Dates: a deal's expected close date and a task's due date lie within the years 1000 to
--    9999, as the API validates them (DATE_PATTERN; due dates as instants in UTC). `infinity`,
--    `-infinity` and years BC were written through PostgREST and then served by the API.
-- 2. A timeline entry people write is about a customer or a deal, never both: the API stores
--    one or the other, and an entry naming a customer and another customer's deal showed on
--    both customers' timelines.
-- 3. A deal links only to a live customer; a customer deleted later keeps its deals.
-- (Admins setting the workspace's default currency through the API is the API's change: the
-- column grant and workspaces_update already allowed admins and owners.)

-- 1. Dates within the years the API takes ------------------------------------------------------

-- Rows outside them came only from PostgREST (the API never sent a close date before the year
-- 1000, nor `infinity`): they lose the date rather than keep one no client can read. A due date
-- before the year 1000 passed the API's older date-time check too, but no task is due then.
-- The triggers run as for any change: versions move and the timeline records it.
update public.deals
   set expected_close_date = null
 where expected_close_date not between '1000-01-01' and '9999-12-31';
update public.activities
   set due_at = null
 where not (due_at >= '1000-01-01 00:00:00+00' and due_at < '10000-01-01 00:00:00+00');

alter table public.deals
  add constraint deals_expected_close_date_within_years
  check (expected_close_date between '1000-01-01' and '9999-12-31');
alter table public.activities
  add constraint activities_due_at_within_years
  check (due_at >= '1000-01-01 00:00:00+00' and due_at < '10000-01-01 00:00:00+00');

comment on constraint deals_expected_close_date_within_years on public.deals is
  'A calendar date of the years 1000 to 9999, as the API takes it: no infinity, no BC.';
comment on constraint activities_due_at_within_years on public.activities is
  'An instant of the years 1000 to 9999 in UTC, as the API takes it: no infinity.';

-- 2. An entry people write names one subject ---------------------------------------------------

create or replace function private.activities_before_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('crm.activities:' || new.workspace_id::text, 0));
  new.id := nextval('public.activities_id_seq');
  -- Straight from a client (not from the triggers below, which run one level deeper).
  if pg_trigger_depth() = 1 and current_setting('role', true) in ('anon', 'authenticated') then
    if new.kind not in ('note', 'call', 'meeting', 'email', 'task') then
      raise exception 'only notes, calls, meetings, emails and tasks can be added' using errcode = 'PT422';
    end if;
    new.actor_id := (select auth.uid());
    new.payload := '{}';
    new.occurred_at := now();
    new.completed_at := null;
    new.updated_at := null;
    new.body := btrim(new.body, E' \t\r\n\f\v');
    -- The API stores a customer's entry or a deal's (a deal's shows on its customer's timeline).
    if new.customer_id is not null and new.deal_id is not null then
      raise exception 'an entry is about a customer or a deal, not both' using errcode = 'PT422';
    end if;
    if new.customer_id is not null and not exists (
      select from public.customers c
       where c.id = new.customer_id and c.workspace_id = new.workspace_id and c.deleted_at is null
    ) then
      raise exception 'no such customer in this workspace' using errcode = 'PT404';
    end if;
    if new.deal_id is not null and not exists (
      select from public.deals d
       where d.id = new.deal_id and d.workspace_id = new.workspace_id and d.deleted_at is null
    ) then
      raise exception 'no such deal in this workspace' using errcode = 'PT404';
    end if;
    if new.assignee_id is not null and not exists (
      select from public.workspace_members m
       where m.workspace_id = new.workspace_id and m.user_id = new.assignee_id
    ) then
      raise exception 'the assignee is not a member of this workspace' using errcode = 'PT422';
    end if;
  end if;
  perform pg_notify('crm_activities', new.workspace_id::text);
  return new;
end;
$$;

comment on function private.activities_before_insert() is
  'Hands out timeline ids in commit order per workspace, notifies the feed, and pins what clients write: one subject of the workspace, theirs, now.';

-- 3. Deals link to live customers ---------------------------------------------------------------

create or replace function private.deals_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  -- A definer function: current_user is its owner; the role PostgREST set says who writes.
  api_user boolean := current_setting('role', true) in ('anon', 'authenticated');
  stage public.pipeline_stages;
begin
  -- A deleted account's foreign key sets the author to null: that, and nothing else, changes.
  if tg_op = 'UPDATE' and new.created_by is null and private.account_deleted(old.created_by) then
    new := old;
    new.created_by := null;
    return new;
  end if;
  -- A rebalance moves keys only (private.rebalance_stage).
  if tg_op = 'UPDATE' and current_setting('crm.rebalancing', true) = 'on' then
    return new;
  end if;
  new.title := btrim(new.title, E' \t\r\n\f\v');
  new.currency := upper(btrim(new.currency));
  if tg_op = 'INSERT' then
    if api_user then
      new.id := gen_random_uuid();
      new.created_by := (select auth.uid());
      new.created_at := now();
      new.deleted_at := null;
      new.version := 1;
    end if;
    new.currency := coalesce(new.currency,
      (select w.default_currency from public.workspaces w where w.id = new.workspace_id));
    -- New cards go to the bottom of their column; the stage row lock orders concurrent writes.
    select * into stage from public.pipeline_stages s
     where s.id = new.stage_id and s.workspace_id = new.workspace_id for no key update;
    if new.position is null or api_user then
      new.position := private.bottom_of(new.stage_id);
    end if;
  else
    new.id := old.id;
    new.workspace_id := old.workspace_id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    new.version := old.version + 1;
    if new.deleted_at is not null and old.deleted_at is null then
      new.deleted_at := now();
    elsif new.deleted_at is not null then
      new.deleted_at := old.deleted_at;
    end if;
    select * into stage from public.pipeline_stages s where s.id = new.stage_id;
    -- A restored card goes back to the bottom of its column (its old place may be taken).
    if old.deleted_at is not null and new.deleted_at is null then
      perform from public.pipeline_stages s where s.id = new.stage_id for no key update;
      new.position := private.bottom_of(new.stage_id);
    end if;
  end if;
  new.updated_at := now();
  if new.customer_id is not null and not exists (
    select from public.customers c
     where c.id = new.customer_id and c.workspace_id = new.workspace_id
  ) then
    raise exception 'the customer is not one of this workspace' using errcode = 'PT422';
  end if;
  -- Linking to a deleted customer is refused as the API refuses reading it; a deal linked
  -- before its customer was deleted keeps the link (a deleted customer keeps its deals).
  if new.customer_id is not null
     and (tg_op = 'INSERT' or new.customer_id is distinct from old.customer_id)
     and exists (
       select from public.customers c where c.id = new.customer_id and c.deleted_at is not null
     ) then
    raise exception 'the customer is deleted: restore it before linking a deal to it'
      using errcode = 'PT422';
  end if;
  if new.assignee_id is not null
     and (tg_op = 'INSERT' or new.assignee_id is distinct from old.assignee_id)
     and not exists (
       select from public.workspace_members m
        where m.workspace_id = new.workspace_id and m.user_id = new.assignee_id
     ) then
    raise exception 'the assignee is not a member of this workspace' using errcode = 'PT422';
  end if;
  -- Entering a won or lost stage closes the deal; leaving it reopens it.
  if stage.kind in ('won', 'lost') then
    if tg_op = 'INSERT' or new.stage_id <> old.stage_id or old.closed_at is null then
      new.closed_at := now();
    else
      new.closed_at := old.closed_at;
    end if;
  else
    new.closed_at := null;
  end if;
  return new;
end;
$$;

comment on function private.deals_before_write() is
  'Pins a deal''s ids, author, times and version, places and closes it, keeps its references in the workspace and links it to live customers only; a deleted account''s foreign key alone blanks the author (an unassignment stays a change on record).';
