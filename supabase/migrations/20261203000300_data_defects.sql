-- Three data defects of the team release, and the records they put at risk.
--
-- 1. An account can be deleted (what Supabase Auth runs: `delete from auth.users`) and the
--    workspaces keep their data. The foreign keys of a deleted account set its references to
--    null, and the triggers that pin authors let exactly that through (an account that no longer
--    exists is the sign), editing nothing else. Memberships go; a workspace that loses its last
--    owner passes to the longest-standing member of the highest role left; a workspace nobody
--    else is in (a personal one, say) goes with its last member; a personal workspace that
--    others share becomes an ordinary one of theirs; the invitations it accepted (its email) go.
-- 2. Nothing a member can do removes a timeline entry or a restorable row. Deleting a pipeline
--    that holds deleted deals asks where they go (`move_to`, a stage of another pipeline), as
--    deleting a stage does; and timeline entries and stage history no longer follow a deal or a
--    customer out by cascade: they go with their workspace only.
-- 3. Every user keeps their personal workspace, as its owner: they cannot leave it, and nobody
--    removes or demotes them, however it is shared.

-- 1. Deleting an account ----------------------------------------------------------------------

create function private.account_deleted(p_user uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_user is not null and not exists (select from auth.users u where u.id = p_user)
$$;

comment on function private.account_deleted(uuid) is
  'Whether an id names an account that no longer exists: only then may a trigger let a foreign key set a pinned author to null.';
-- The pinning triggers of customers and workspaces run as the writer.
revoke all on function private.account_deleted from public, anon;
grant execute on function private.account_deleted to authenticated;

create or replace function public.customers_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- A deleted account's foreign key sets the author to null: that, and nothing else, changes.
  if tg_op = 'UPDATE' and new.created_by is null and private.account_deleted(old.created_by) then
    new := old;
    new.created_by := null;
    return new;
  end if;
  new.email := nullif(lower(btrim(new.email)), '');
  new.name := btrim(new.name, E' \t\r\n\f\v');
  if tg_op = 'INSERT' then
    -- Rows from API users are theirs, new and live; set-up and migrations keep what they give.
    if current_user in ('anon', 'authenticated') then
      new.id := gen_random_uuid();
      new.created_by := (select auth.uid());
      new.created_at := now();
      new.updated_at := now();
      new.deleted_at := null;
    end if;
  else
    new.id := old.id;
    new.workspace_id := old.workspace_id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    new.updated_at := now();
    -- A deletion happens now, whatever time the writer gave.
    if new.deleted_at is not null and old.deleted_at is null then
      new.deleted_at := now();
    elsif new.deleted_at is not null then
      new.deleted_at := old.deleted_at;
    end if;
  end if;
  return new;
end;
$$;

comment on function public.customers_before_write() is
  'Normalises a customer and pins its id, workspace, author and times; a deleted account''s foreign key alone may blank the author.';

create or replace function private.workspaces_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- A deleted account's foreign key: the workspace no longer names it, and a personal one
  -- becomes an ordinary workspace of whoever is left in it.
  if tg_op = 'UPDATE' and new.created_by is null and private.account_deleted(old.created_by) then
    new := old;
    new.created_by := null;
    new.personal := false;
    return new;
  end if;
  new.name := btrim(new.name, E' \t\r\n\f\v');
  if tg_op = 'UPDATE' then
    new.id := old.id;
    new.personal := old.personal;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
  end if;
  return new;
end;
$$;

comment on function private.workspaces_before_write() is
  'Trims a workspace''s name and pins the rest; a deleted account''s foreign key alone blanks its creator, and its personal workspace becomes ordinary.';

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
  'Pins a deal''s ids, author, times and version, places and closes it, keeps its references in the workspace; a deleted account''s foreign key alone blanks the author (an unassignment stays a change on record).';

create or replace function private.activities_before_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- A deleted account's foreign keys set its authorship and assignments to null: the entry
  -- stays as it was otherwise (not an edit).
  if (new.actor_id is null and private.account_deleted(old.actor_id))
     or (new.assignee_id is null and private.account_deleted(old.assignee_id)) then
    new := old;
    if private.account_deleted(old.actor_id) then
      new.actor_id := null;
    end if;
    if private.account_deleted(old.assignee_id) then
      new.assignee_id := null;
    end if;
    return new;
  end if;
  if new.id <> old.id or new.workspace_id <> old.workspace_id
     or new.customer_id is distinct from old.customer_id or new.deal_id is distinct from old.deal_id
     or new.actor_id is distinct from old.actor_id or new.kind <> old.kind
     or new.payload <> old.payload or new.occurred_at <> old.occurred_at then
    raise exception 'only the text, due date, assignee and completion of an entry change'
      using errcode = 'PT422';
  end if;
  if current_setting('role', true) in ('anon', 'authenticated')
     and old.actor_id is distinct from (select auth.uid())
     and (new.body is distinct from old.body or new.due_at is distinct from old.due_at
          or new.assignee_id is distinct from old.assignee_id) then
    raise exception 'only its author changes an entry; its assignee may complete a task'
      using errcode = 'PT403';
  end if;
  new.body := btrim(new.body, E' \t\r\n\f\v');
  if new.completed_at is not null and old.completed_at is null then
    new.completed_at := now();
  elsif new.completed_at is not null then
    new.completed_at := old.completed_at;
  end if;
  if new.assignee_id is distinct from old.assignee_id and new.assignee_id is not null and not exists (
    select from public.workspace_members m
     where m.workspace_id = new.workspace_id and m.user_id = new.assignee_id
  ) then
    raise exception 'the assignee is not a member of this workspace' using errcode = 'PT422';
  end if;
  new.updated_at := now();
  return new;
end;
$$;

comment on function private.activities_before_update() is
  'People change only the text, due date, assignee and completion of their entries; a deleted account''s foreign keys alone blank its author and assignee, editing nothing.';

-- A workspace always keeps an owner. The workspace row is locked first, so two owners demoting
-- each other at once are decided one after the other. Runs as the definer: the count must see
-- every member, whatever the caller may see.
create or replace function private.workspace_members_keep_an_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Deleting the workspace takes its members with it: nothing to keep.
  if tg_op = 'DELETE' and not exists (
    select from public.workspaces w where w.id = old.workspace_id
  ) then
    return old;
  end if;
  if tg_op = 'DELETE' and private.account_deleted(old.user_id) then
    perform from public.workspaces w where w.id = old.workspace_id for update;
    if not exists (select from public.workspace_members m
                    where m.workspace_id = old.workspace_id and m.user_id <> old.user_id) then
      -- Nobody else is in it (their personal workspace, say): it goes with its last member,
      -- and takes this membership along (so the row is not deleted twice).
      delete from public.workspaces w where w.id = old.workspace_id;
      return null;
    end if;
    -- The longest-standing of the highest role left becomes owner, if there is no other.
    if old.role = 'owner' then
      update public.workspace_members m set role = 'owner'
       where m.workspace_id = old.workspace_id
         and not exists (select from public.workspace_members o
                          where o.workspace_id = old.workspace_id and o.role = 'owner'
                            and o.user_id <> old.user_id)
         and m.user_id = (select n.user_id from public.workspace_members n
                           where n.workspace_id = old.workspace_id and n.user_id <> old.user_id
                           order by n.role desc, n.joined_at, n.user_id limit 1);
    end if;
    return old;
  end if;
  if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner') then
    return coalesce(new, old);
  end if;
  perform from public.workspaces w where w.id = old.workspace_id for update;
  if not exists (
    select from public.workspace_members m
     where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id
  ) then
    raise exception 'a workspace keeps at least one owner: make another member owner first'
      using errcode = 'PT409';
  end if;
  return coalesce(new, old);
end;
$$;

comment on function private.workspace_members_keep_an_owner() is
  'A workspace keeps an owner (409); a deleted account''s workspaces pass to the longest-standing member of the highest role, or go when nobody else is in them.';

-- The invitations an account accepted hold its email: they go with it.
alter table public.workspace_invitations
  drop constraint workspace_invitations_accepted_by_fkey,
  add constraint workspace_invitations_accepted_by_fkey foreign key (accepted_by)
    references auth.users (id) on delete cascade;

comment on constraint workspace_invitations_accepted_by_fkey on public.workspace_invitations is
  'An accepted invitation holds its account''s email: it goes with the account.';

-- 2. Nothing a member does removes the record -------------------------------------------------

-- Timeline entries and stage history go with their workspace only: a hard delete of a deal or
-- a customer that has them is refused, whoever runs it.
alter table public.activities
  drop constraint activities_customer_id_fkey,
  drop constraint activities_deal_id_fkey,
  add constraint activities_customer_id_fkey foreign key (customer_id)
    references public.customers (id),
  add constraint activities_deal_id_fkey foreign key (deal_id)
    references public.deals (id);
alter table public.deal_stage_history
  drop constraint deal_stage_history_deal_id_fkey,
  add constraint deal_stage_history_deal_id_fkey foreign key (deal_id)
    references public.deals (id);

comment on constraint activities_customer_id_fkey on public.activities is
  'No cascade: a customer with a timeline is deleted softly, or with its workspace.';
comment on constraint activities_deal_id_fkey on public.activities is
  'No cascade: a deal with a timeline is deleted softly, or with its workspace.';
comment on constraint deal_stage_history_deal_id_fkey on public.deal_stage_history is
  'No cascade: a deal''s stage history goes with its workspace only.';

drop function public.delete_pipeline(uuid);
drop function private.delete_pipeline(uuid);

-- Deletes a pipeline that holds no live deal. Its deleted deals stay restorable: they move to
-- `p_move_to`, a stage of another pipeline of the workspace (409 without one), with their
-- entries, history and a stage change on record.
create function private.delete_pipeline(p_pipeline_id uuid, p_move_to uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  pipeline public.pipelines;
  target public.pipeline_stages;
begin
  select * into pipeline from public.pipelines p where p.id = p_pipeline_id;
  if pipeline.id is null or private.my_role(pipeline.workspace_id) is null then
    raise exception 'no such pipeline in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(pipeline.workspace_id, 'member');
  perform from public.pipelines p where p.id = p_pipeline_id for update;
  -- A restore or a move of one of its deals waits, then finds it where it went.
  perform from public.deals d where d.pipeline_id = p_pipeline_id for no key update;
  if exists (select from public.deals d where d.pipeline_id = p_pipeline_id and d.deleted_at is null) then
    raise exception 'the pipeline holds deals: move or delete them first' using errcode = 'PT409';
  end if;
  if exists (select from public.deals d where d.pipeline_id = p_pipeline_id) then
    if p_move_to is null then
      raise exception 'the pipeline holds deleted deals, which stay restorable: say which stage of another pipeline they move to with move_to'
        using errcode = 'PT409';
    end if;
    select * into target from public.pipeline_stages s
     where s.id = p_move_to and s.workspace_id = pipeline.workspace_id
       and s.pipeline_id <> p_pipeline_id
       for no key update;
    if target.id is null then
      raise exception 'move_to is not a stage of another pipeline of this workspace'
        using errcode = 'PT422';
    end if;
    update public.deals d set stage_id = target.id, pipeline_id = target.pipeline_id
     where d.pipeline_id = p_pipeline_id;
  end if;
  delete from public.pipelines p where p.id = p_pipeline_id;
end;
$$;

comment on function private.delete_pipeline(uuid, uuid) is
  'Deletes a pipeline with no live deal (members); its deleted deals move to a stage of another pipeline first, so they stay restorable (409 without move_to).';

revoke all on function private.delete_pipeline from public, anon;
grant execute on function private.delete_pipeline to authenticated;

create function public.delete_pipeline(p_pipeline_id uuid, p_move_to uuid default null)
returns void language sql volatile security invoker set search_path = ''
as $$ select private.delete_pipeline(p_pipeline_id, p_move_to) $$;

comment on function public.delete_pipeline(uuid, uuid) is
  'Exposed to PostgREST: runs as the caller and hands over to private.delete_pipeline.';

revoke all on function public.delete_pipeline from public, anon;
grant execute on function public.delete_pipeline to authenticated;

-- 3. Every user keeps their personal workspace --------------------------------------------------

create function private.workspace_members_keep_its_person()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.role = 'owner' then
    return new;
  end if;
  -- Only the user a personal workspace was made for is held; the workspace or the account
  -- going takes the membership along.
  if not exists (select from public.workspaces w
                  where w.id = old.workspace_id and w.personal and w.created_by = old.user_id)
     or private.account_deleted(old.user_id) then
    return coalesce(new, old);
  end if;
  if tg_op = 'DELETE' and old.user_id = (select auth.uid()) then
    raise exception 'you cannot leave your personal workspace: every user keeps their own'
      using errcode = 'PT409';
  end if;
  raise exception 'a personal workspace keeps the user it belongs to as an owner: they can be neither removed nor demoted'
    using errcode = 'PT409';
end;
$$;

comment on function private.workspace_members_keep_its_person() is
  'A personal workspace keeps the user it was made for as an owner: they cannot leave it, and nobody removes or demotes them (409).';

revoke all on function private.workspace_members_keep_its_person from public, anon;

-- After workspace_members_keep_an_owner (triggers fire by name): the last owner's answer first.
create trigger workspace_members_keep_its_person
before update of role or delete on public.workspace_members
for each row execute function private.workspace_members_keep_its_person();

comment on trigger workspace_members_keep_its_person on public.workspace_members is
  'Every user keeps their personal workspace, as its owner (409).';

-- What the defects left behind -----------------------------------------------------------------

-- Authors that name a deleted account (a deletion that got through before this migration).
update public.customers c set created_by = null
 where c.created_by is not null and private.account_deleted(c.created_by);
update public.deals d set created_by = null
 where d.created_by is not null and private.account_deleted(d.created_by);
update public.workspaces w set created_by = null
 where w.created_by is not null and private.account_deleted(w.created_by);
-- Workspaces a deleted account left with no member: nobody can reach them.
delete from public.workspaces w
 where not exists (select from public.workspace_members m where m.workspace_id = w.id);
-- A personal workspace its user left becomes an ordinary one; a demoted user is owner again;
-- whoever has none gets a new one.
alter table public.workspaces disable trigger workspaces_before_write;
update public.workspaces w set personal = false
 where w.personal and not exists (
   select from public.workspace_members m where m.workspace_id = w.id and m.user_id = w.created_by
 );
alter table public.workspaces enable trigger workspaces_before_write;
update public.workspace_members m set role = 'owner'
  from public.workspaces w
 where w.id = m.workspace_id and w.personal and w.created_by = m.user_id and m.role <> 'owner';
select private.create_personal_workspace(u.id, u.email) from auth.users u
 where not exists (select from public.workspaces w where w.personal and w.created_by = u.id);

notify pgrst, 'reload schema';
