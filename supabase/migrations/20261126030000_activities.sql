-- Activity timeline: every change of a customer or a deal on record, written by triggers in the
-- same transaction as the change (a rolled-back change leaves none), and the notes, calls,
-- meetings, emails and tasks people add. What the database writes nobody changes or deletes;
-- people change only their own entries, and complete the tasks given to them.
--
-- Order: within a workspace, ids are handed out under a per-workspace advisory lock held to the
-- end of the transaction, so they commit in id order. A reader that has seen entry N of a
-- workspace has seen every earlier one: live streams and `Last-Event-ID` replays rely on it.
-- Every new entry also notifies channel `crm_activities` with its workspace id (one notification
-- per workspace and transaction: Postgres folds duplicates).

create type public.activity_kind as enum (
  'created', 'updated', 'deleted', 'restored', 'stage_changed', 'assigned',
  'note', 'call', 'meeting', 'email', 'task'
);

create sequence public.activities_id_seq as bigint;

create table public.activities (
  -- Set by the trigger below, under the workspace's lock (no default: a default would be drawn
  -- before the lock is held, and as the caller).
  id bigint primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  customer_id uuid references public.customers (id) on delete cascade,
  deal_id uuid references public.deals (id) on delete cascade,
  actor_id uuid references auth.users (id) on delete set null,
  kind public.activity_kind not null,
  -- What changed (written by the database); '{}' for entries people write.
  payload jsonb not null default '{}',
  -- What people write: the note, the call's summary, the task.
  body text check (char_length(body) between 1 and 10000 and body ~ '[^[:space:]]'),
  due_at timestamptz,
  assignee_id uuid references auth.users (id) on delete set null,
  completed_at timestamptz,
  occurred_at timestamptz not null default now(),
  updated_at timestamptz,
  check (customer_id is not null or deal_id is not null),
  check ((kind in ('note', 'call', 'meeting', 'email', 'task')) = (body is not null)),
  check (kind = 'task' or (due_at is null and assignee_id is null and completed_at is null))
);
alter sequence public.activities_id_seq owned by public.activities.id;

create index activities_workspace_idx on public.activities (workspace_id, id desc);
create index activities_customer_idx on public.activities (customer_id, id desc);
create index activities_deal_idx on public.activities (deal_id, id desc);
create index activities_actor_idx on public.activities (actor_id);
create index activities_assignee_idx on public.activities (assignee_id, due_at);

alter table public.activities enable row level security;

-- Viewers read; members add their own entries; authors change theirs, assignees complete tasks.
create policy activities_select on public.activities for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
create policy activities_insert on public.activities for insert to authenticated
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
create policy activities_update on public.activities for update to authenticated
  using (
    workspace_id = any ((select private.my_workspace_ids('member'))::uuid[])
    and kind in ('note', 'call', 'meeting', 'email', 'task')
    and (actor_id = (select auth.uid()) or (kind = 'task' and assignee_id = (select auth.uid())))
  )
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

revoke all on public.activities from anon, authenticated;
revoke all on sequence public.activities_id_seq from anon, authenticated;
grant select on public.activities to authenticated;
grant insert (workspace_id, customer_id, deal_id, kind, body, due_at, assignee_id)
  on public.activities to authenticated;
grant update (body, due_at, assignee_id, completed_at) on public.activities to authenticated;
grant all on public.activities to service_role;
grant usage on sequence public.activities_id_seq to service_role;

-- Every entry: its id handed out in commit order within the workspace, and a notification.
-- Entries people write: theirs, now, of a kind people write, about something of the workspace.
create function private.activities_before_insert()
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

revoke all on function private.activities_before_insert from public, anon, authenticated;

create trigger activities_before_insert before insert on public.activities
for each row execute function private.activities_before_insert();

-- Changes people make to their entries: the text, the due date and assignee (the author), the
-- completion (the author or the assignee, set to now by the database).
create function private.activities_before_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
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

revoke all on function private.activities_before_update from public, anon, authenticated;

create trigger activities_before_update before update on public.activities
for each row execute function private.activities_before_update();

-- What changed between two versions of a row, leaving out the fields named.
create function private.changed_fields(before jsonb, after jsonb, ignored text[])
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(a.key, jsonb_build_object('from', b.value, 'to', a.value)), '{}')
    from jsonb_each(after) a
    join jsonb_each(before) b on b.key = a.key
   where a.value is distinct from b.value and a.key <> all (ignored)
$$;

revoke all on function private.changed_fields from public, anon, authenticated;

create function private.record_activity(
  p_workspace_id uuid,
  p_customer_id uuid,
  p_deal_id uuid,
  p_kind public.activity_kind,
  p_payload jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.activities (workspace_id, customer_id, deal_id, actor_id, kind, payload)
  values (p_workspace_id, p_customer_id, p_deal_id, (select auth.uid()), p_kind, p_payload)
$$;

revoke all on function private.record_activity from public, anon, authenticated;

-- Customers: created, updated (the fields, before and after), deleted, restored.
create function private.customers_record_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  bookkeeping constant text[] := array['id', 'workspace_id', 'created_by', 'created_at',
                                       'updated_at', 'deleted_at'];
  changes jsonb;
begin
  if tg_op = 'INSERT' then
    perform private.record_activity(new.workspace_id, new.id, null, 'created',
      jsonb_build_object('customer', to_jsonb(new) - bookkeeping));
    return null;
  end if;
  if old.deleted_at is null and new.deleted_at is not null then
    perform private.record_activity(new.workspace_id, new.id, null, 'deleted', '{}');
  elsif old.deleted_at is not null and new.deleted_at is null then
    perform private.record_activity(new.workspace_id, new.id, null, 'restored', '{}');
  end if;
  changes := private.changed_fields(to_jsonb(old), to_jsonb(new), bookkeeping);
  if changes <> '{}' then
    perform private.record_activity(new.workspace_id, new.id, null, 'updated',
      jsonb_build_object('changes', changes));
  end if;
  return null;
end;
$$;

revoke all on function private.customers_record_activity from public, anon, authenticated;

create trigger customers_record_activity after insert or update on public.customers
for each row execute function private.customers_record_activity();

-- Deals: created, updated, deleted, restored, stage changed (from, to), assigned (from, to).
-- Keys moving within a column, and what follows from a stage (closed_at), are not changes.
create function private.deals_record_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  bookkeeping constant text[] := array['id', 'workspace_id', 'created_by', 'created_at',
                                       'updated_at', 'deleted_at', 'version', 'position',
                                       'closed_at', 'stage_id', 'pipeline_id', 'assignee_id'];
  changes jsonb;
begin
  if tg_op = 'INSERT' then
    perform private.record_activity(new.workspace_id, null, new.id, 'created',
      jsonb_build_object('deal', to_jsonb(new) - array['id', 'workspace_id', 'created_by',
        'created_at', 'updated_at', 'deleted_at', 'version', 'position', 'closed_at']));
    return null;
  end if;
  if old.deleted_at is null and new.deleted_at is not null then
    perform private.record_activity(new.workspace_id, null, new.id, 'deleted', '{}');
  elsif old.deleted_at is not null and new.deleted_at is null then
    perform private.record_activity(new.workspace_id, null, new.id, 'restored', '{}');
  end if;
  if new.stage_id <> old.stage_id then
    perform private.record_activity(new.workspace_id, null, new.id, 'stage_changed',
      jsonb_build_object(
        'from', jsonb_build_object('id', old.stage_id,
          'name', (select s.name from public.pipeline_stages s where s.id = old.stage_id)),
        'to', jsonb_build_object('id', new.stage_id,
          'name', (select s.name from public.pipeline_stages s where s.id = new.stage_id))));
  end if;
  if new.assignee_id is distinct from old.assignee_id then
    perform private.record_activity(new.workspace_id, null, new.id, 'assigned',
      jsonb_build_object('from', old.assignee_id, 'to', new.assignee_id));
  end if;
  changes := private.changed_fields(to_jsonb(old), to_jsonb(new), bookkeeping);
  if changes <> '{}' then
    perform private.record_activity(new.workspace_id, null, new.id, 'updated',
      jsonb_build_object('changes', changes));
  end if;
  return null;
end;
$$;

revoke all on function private.deals_record_activity from public, anon, authenticated;

create trigger deals_record_activity after insert or update on public.deals
for each row execute function private.deals_record_activity();

-- The timeline of a workspace, a customer (with its deals) or a deal, newest first, after a
-- cursor (an id), with filters; planned per call with the workspace explicit.
create function private.list_activities(
  p_workspace_id uuid,
  p_customer_id uuid,
  p_deal_id uuid,
  p_kinds public.activity_kind[],
  p_actor_id uuid,
  p_from timestamptz,
  p_to timestamptz,
  p_before_id bigint,
  p_limit integer
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  conditions text[];
  source text;
  page jsonb;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  if p_limit is null or p_limit not between 1 and 100 or cardinality(p_kinds) > 20 then
    raise exception 'a bound is out of range' using errcode = '22023';
  end if;
  if p_customer_id is not null and not exists (
    select from public.customers c where c.id = p_customer_id and c.workspace_id = p_workspace_id
  ) then
    raise exception 'no such customer in this workspace' using errcode = 'PT404';
  end if;
  if p_deal_id is not null and not exists (
    select from public.deals d where d.id = p_deal_id and d.workspace_id = p_workspace_id
  ) then
    raise exception 'no such deal in this workspace' using errcode = 'PT404';
  end if;
  conditions := array[format('a.workspace_id = %L', p_workspace_id)];
  if p_deal_id is not null then
    conditions := conditions || format('a.deal_id = %L', p_deal_id);
  end if;
  if p_kinds is not null then
    conditions := conditions || format('a.kind = any (%L::public.activity_kind[])', p_kinds);
  end if;
  if p_actor_id is not null then
    conditions := conditions || format('a.actor_id = %L', p_actor_id);
  end if;
  if p_from is not null then
    conditions := conditions || format('a.occurred_at >= %L::timestamptz', p_from);
  end if;
  if p_to is not null then
    conditions := conditions || format('a.occurred_at <= %L::timestamptz', p_to);
  end if;
  if p_before_id is not null then
    conditions := conditions || format('a.id < %s', p_before_id);
  end if;
  if p_customer_id is null then
    source := format('(select * from public.activities a where %s order by a.id desc limit %s)',
      array_to_string(conditions, ' and '), p_limit + 1);
  else
    -- The customer's entries and its deals': two index scans merged (an OR of the two would
    -- read the whole workspace's timeline).
    source := format(
      '((select * from public.activities a where %1$s and a.customer_id = %2$L
          order by a.id desc limit %3$s)
        union
        (select * from public.activities a where %1$s and a.deal_id = any (array(
            select d.id from public.deals d where d.customer_id = %2$L and d.workspace_id = %4$L))
          order by a.id desc limit %3$s))',
      array_to_string(conditions, ' and '), p_customer_id, p_limit + 1, p_workspace_id);
  end if;
  execute format(
    'select coalesce(jsonb_agg(to_jsonb(a) order by a.id desc), %L::jsonb)
       from (select * from %s a order by a.id desc limit %s) a',
    '[]', source, p_limit + 1
  ) into page;
  return jsonb_build_object(
    'data', case when jsonb_array_length(page) > p_limit then page - p_limit else page end,
    'has_more', jsonb_array_length(page) > p_limit
  );
end;
$$;

revoke all on function private.list_activities from public, anon;
grant execute on function private.list_activities to authenticated;

create function public.list_activities(
  p_workspace_id uuid,
  p_customer_id uuid default null,
  p_deal_id uuid default null,
  p_kinds public.activity_kind[] default null,
  p_actor_id uuid default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_before_id bigint default null,
  p_limit integer default 50
)
returns jsonb language sql stable security invoker set search_path = ''
as $$
  select private.list_activities(
    p_workspace_id, p_customer_id, p_deal_id, p_kinds, p_actor_id, p_from, p_to, p_before_id,
    p_limit
  )
$$;

revoke all on function public.list_activities from public, anon;
grant execute on function public.list_activities to authenticated;

-- Tasks of a workspace by due date (undated last), then id; open or done; of an assignee.
create function private.list_tasks(
  p_workspace_id uuid,
  p_assignee_id uuid,
  p_done boolean,
  p_due_before timestamptz,
  p_after_due timestamptz,
  p_after_undated boolean,
  p_after_id bigint,
  p_limit integer
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  page jsonb;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  if p_limit is null or p_limit not between 1 and 100 then
    raise exception 'a bound is out of range' using errcode = '22023';
  end if;
  select coalesce(jsonb_agg(to_jsonb(t) order by t.due_at nulls last, t.id), '[]') into page
    from (select * from public.activities a
           where a.workspace_id = p_workspace_id and a.kind = 'task'
             and (p_assignee_id is null or a.assignee_id = p_assignee_id)
             and (p_done is null or (a.completed_at is not null) = p_done)
             and (p_due_before is null or a.due_at < p_due_before)
             and (p_after_id is null
                  or (p_after_undated and a.due_at is null and a.id > p_after_id)
                  or (not p_after_undated and (a.due_at > p_after_due or a.due_at is null
                       or (a.due_at = p_after_due and a.id > p_after_id))))
           order by a.due_at nulls last, a.id
           limit p_limit + 1) t;
  return jsonb_build_object(
    'data', case when jsonb_array_length(page) > p_limit then page - p_limit else page end,
    'has_more', jsonb_array_length(page) > p_limit
  );
end;
$$;

revoke all on function private.list_tasks from public, anon;
grant execute on function private.list_tasks to authenticated;

create function public.list_tasks(
  p_workspace_id uuid,
  p_assignee_id uuid default null,
  p_done boolean default null,
  p_due_before timestamptz default null,
  p_after_due timestamptz default null,
  p_after_undated boolean default false,
  p_after_id bigint default null,
  p_limit integer default 50
)
returns jsonb language sql stable security invoker set search_path = ''
as $$
  select private.list_tasks(
    p_workspace_id, p_assignee_id, p_done, p_due_before, p_after_due, p_after_undated,
    p_after_id, p_limit
  )
$$;

revoke all on function public.list_tasks from public, anon;
grant execute on function public.list_tasks to authenticated;

-- Open tasks by assignee and due date.
create index activities_tasks_idx on public.activities (workspace_id, due_at, id)
  where kind = 'task';

notify pgrst, 'reload schema';
