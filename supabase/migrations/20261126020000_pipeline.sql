-- Sales pipeline: deals as cards in stage columns, moved in one transaction, and the figures a
-- sales team steers by. Viewers read; members and above write. Every rule lives here.
--
-- Order within a column is a fractional key (text compared bytewise: COLLATE "C"), so a move
-- writes one row. Keys are only ever made here, by private.key_between, and every write to a
-- column (create, move, stage deletion) first locks the stage row, so concurrent moves are
-- decided one after the other; a unique constraint on (stage, position) is the last guard. Those
-- locks are FOR NO KEY UPDATE: they order writers without blocking the foreign-key checks of
-- other transactions (which take KEY SHARE), so two moves crossing columns cannot deadlock.
--
-- Keys grow when cards keep landing in the same gap (or at the bottom): once a key of a column
-- would be longer than 50 characters, the column is spread again (private.rebalance_stage), short
-- keys in the same order, under the same lock. Clients name neighbours by id, never by key.

-- Keys ----------------------------------------------------------------------------------------

-- A key strictly between `a` and `b` (null: no bound). Keys are base-62 digits
-- (0-9 < A-Z < a-z in "C" order) read as a fraction, never ending in '0'.
create function private.key_between(a text, b text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  digits constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  prefix text := '';
  i integer := 1;
  place integer;
  padded text;
  da integer;
  db integer;
begin
  a := coalesce(a, '');
  if b is not null and a collate "C" >= b collate "C" then
    raise exception 'key_between: % is not before %', a, b using errcode = '22023';
  end if;
  -- At the bottom or the top of a column: one step from the neighbour in its fourth (or last)
  -- place, so that keys stay four characters long however many cards land there.
  if b is null and a <> '' then
    padded := rpad(a, greatest(length(a), 4), '0');
    for place in reverse length(padded)..1 loop
      da := strpos(digits, substr(padded, place, 1)) - 1;
      if da < 61 then
        return rtrim(substr(padded, 1, place - 1) || substr(digits, da + 2, 1), '0');
      end if;
    end loop;
    return a || 'V';
  end if;
  if a = '' and b is not null then
    padded := rpad(b, greatest(length(b), 4), '0');
    for place in reverse length(padded)..1 loop
      db := strpos(digits, substr(padded, place, 1)) - 1;
      if db > 0 then
        padded := rtrim(substr(padded, 1, place - 1) || substr(digits, db, 1)
                        || repeat('z', length(padded) - place), '0');
        if padded <> '' then
          return padded;
        end if;
        exit;
      end if;
    end loop;
  end if;
  -- Between two keys: the common prefix stays (a digit past the end of `a` is a '0').
  while b is not null and i <= length(b)
        and coalesce(nullif(substr(a, i, 1), ''), '0') = substr(b, i, 1) loop
    prefix := prefix || substr(b, i, 1);
    i := i + 1;
  end loop;
  da := case when i <= length(a) then strpos(digits, substr(a, i, 1)) - 1 else 0 end;
  db := case when b is not null and i <= length(b) then strpos(digits, substr(b, i, 1)) - 1 else 62 end;
  if db - da > 1 then
    return prefix || substr(digits, (da + db) / 2 + 1, 1);
  end if;
  -- Adjacent digits: keep a's digit and go one place further.
  if b is not null and i < length(b) and da < db then
    return prefix || substr(b, i, 1);
  end if;
  return prefix || substr(digits, da + 1, 1) || private.key_between(substr(a, i + 1), null);
end;
$$;

revoke all on function private.key_between from public, anon;
grant execute on function private.key_between to authenticated;

-- A valid key: base-62 digits, not ending in '0' (so that there is always room before it).
create function private.is_position(k text)
returns boolean
language sql
immutable
set search_path = ''
as $$ select k collate "C" ~ '^[0-9A-Za-z]{0,250}[1-9A-Za-z]$' $$;

revoke all on function private.is_position from public, anon;
grant execute on function private.is_position to authenticated, service_role;

-- The i-th of n keys spread evenly over the first half of the key space (room below each one and
-- after the last): fixed width w, the smallest that leaves 62 steps between neighbours.
create function private.spread_key(i bigint, n bigint)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  digits constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  w integer := 1;
  value numeric;
  key text := '';
begin
  while power(62::numeric, w) < 124 * (n + 1) loop
    w := w + 1;
  end loop;
  value := i * floor(power(62::numeric, w) / (2 * (n + 1)));
  for place in 1..w loop
    key := substr(digits, (mod(value, 62))::integer + 1, 1) || key;
    value := div(value, 62);
  end loop;
  return rtrim(key, '0');
end;
$$;

revoke all on function private.spread_key from public, anon, authenticated;

-- Tables --------------------------------------------------------------------------------------

alter table public.workspaces
  add column default_currency text not null default 'USD' check (default_currency ~ '^[A-Z]{3}$');
grant update (name, default_currency) on public.workspaces to authenticated;

create type public.stage_kind as enum ('open', 'won', 'lost');

create table public.pipelines (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100 and name ~ '[^[:space:]]'),
  position integer not null default 0 check (position between 0 and 1000000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, id)
);
create index pipelines_workspace_idx on public.pipelines (workspace_id, position, id);

create table public.pipeline_stages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  pipeline_id uuid not null,
  name text not null check (char_length(name) between 1 and 100 and name ~ '[^[:space:]]'),
  position text collate "C" not null check (private.is_position(position)),
  kind public.stage_kind not null default 'open',
  probability integer not null default 0 check (probability between 0 and 100),
  created_at timestamptz not null default now(),
  foreign key (workspace_id, pipeline_id)
    references public.pipelines (workspace_id, id) on delete cascade,
  -- Deferred: a reorder rewrites every key of a pipeline in one transaction.
  constraint pipeline_stages_position_key unique (pipeline_id, position) deferrable initially deferred,
  unique (workspace_id, pipeline_id, id)
);
create index pipeline_stages_workspace_idx on public.pipeline_stages (workspace_id);

create table public.deals (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  pipeline_id uuid not null,
  stage_id uuid not null,
  position text collate "C" not null check (private.is_position(position)),
  title text not null check (char_length(title) between 1 and 200 and title ~ '[^[:space:]]'),
  customer_id uuid references public.customers (id) on delete set null,
  amount numeric(14, 2) not null default 0 check (amount >= 0),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  expected_close_date date,
  assignee_id uuid references auth.users (id) on delete set null,
  closed_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  version integer not null default 1 check (version >= 1),
  -- A deal sits in a stage of its own pipeline, of its own workspace.
  foreign key (workspace_id, pipeline_id, stage_id)
    references public.pipeline_stages (workspace_id, pipeline_id, id)
);

-- One position per card in a column (live ones): the last guard of the order. An exclusion
-- constraint, since a unique index can be neither partial and deferred: a rebalance rewrites a
-- whole column in one statement.
alter table public.deals add constraint deals_stage_position_key
  exclude using btree (stage_id with =, position with =) where (deleted_at is null)
  deferrable initially deferred;
create index deals_workspace_created_idx
  on public.deals (workspace_id, created_at desc, id desc) where deleted_at is null;
create index deals_workspace_updated_idx
  on public.deals (workspace_id, updated_at desc, id desc) where deleted_at is null;
create index deals_workspace_title_idx
  on public.deals (workspace_id, title, id) where deleted_at is null;
create index deals_workspace_amount_idx
  on public.deals (workspace_id, amount desc, id desc) where deleted_at is null;
create index deals_pipeline_idx on public.deals (pipeline_id) where deleted_at is null;
-- The board's sums per column and currency, read from the index alone.
create index deals_stage_totals_idx
  on public.deals (stage_id, currency) include (amount) where deleted_at is null;
-- Whole (not partial) where a foreign key points: deleting a customer, a user or a stage looks
-- up every deal that refers to it, deleted ones too.
create index deals_customer_idx on public.deals (customer_id);
create index deals_assignee_idx on public.deals (assignee_id);
create index deals_created_by_idx on public.deals (created_by);
create index deals_stage_idx on public.deals (workspace_id, pipeline_id, stage_id);
create index deals_closed_idx on public.deals (pipeline_id, closed_at) where deleted_at is null;
create index deals_workspace_idx on public.deals (workspace_id);
create index deals_title_trgm_idx on public.deals using gin (title extensions.gin_trgm_ops);

create table public.deal_stage_history (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  deal_id uuid not null references public.deals (id) on delete cascade,
  from_stage_id uuid references public.pipeline_stages (id) on delete set null,
  to_stage_id uuid references public.pipeline_stages (id) on delete set null,
  changed_by uuid references auth.users (id) on delete set null,
  changed_at timestamptz not null default now()
);
create index deal_stage_history_deal_idx on public.deal_stage_history (deal_id, changed_at, id);
create index deal_stage_history_workspace_idx on public.deal_stage_history (workspace_id, changed_at);
create index deal_stage_history_from_idx on public.deal_stage_history (from_stage_id);
create index deal_stage_history_to_idx on public.deal_stage_history (to_stage_id);
create index deal_stage_history_changed_by_idx on public.deal_stage_history (changed_by);

-- Foreign keys of the workspaces migration that deleting a user follows: indexed too.
create index workspaces_created_by_idx on public.workspaces (created_by);
create index workspace_invitations_invited_by_idx on public.workspace_invitations (invited_by);
create index workspace_invitations_accepted_by_idx on public.workspace_invitations (accepted_by);

-- Row Level Security --------------------------------------------------------------------------

alter table public.pipelines enable row level security;
alter table public.pipeline_stages enable row level security;
alter table public.deals enable row level security;
alter table public.deal_stage_history enable row level security;

create policy pipelines_select on public.pipelines for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
create policy pipelines_update on public.pipelines for update to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

create policy pipeline_stages_select on public.pipeline_stages for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
create policy pipeline_stages_update on public.pipeline_stages for update to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

create policy deals_select on public.deals for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
create policy deals_insert on public.deals for insert to authenticated
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
create policy deals_update on public.deals for update to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

create policy deal_stage_history_select on public.deal_stage_history for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));

-- Users write what the API takes; positions, stages of deals and history only through the
-- functions below (or triggers).
revoke all on public.pipelines, public.pipeline_stages, public.deals, public.deal_stage_history
  from anon, authenticated;
grant select on public.pipelines to authenticated;
grant update (name, position) on public.pipelines to authenticated;
grant select on public.pipeline_stages to authenticated;
grant update (name, kind, probability) on public.pipeline_stages to authenticated;
grant select on public.deals to authenticated;
grant insert (workspace_id, pipeline_id, stage_id, title, customer_id, amount, currency,
              expected_close_date, assignee_id)
  on public.deals to authenticated;
grant update (title, customer_id, amount, currency, expected_close_date, assignee_id, deleted_at)
  on public.deals to authenticated;
grant select on public.deal_stage_history to authenticated;
grant all on public.pipelines, public.pipeline_stages, public.deals, public.deal_stage_history
  to service_role;

-- Triggers ------------------------------------------------------------------------------------

create function private.pipelines_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.name := btrim(new.name, E' \t\r\n\f\v');
  if tg_op = 'INSERT' then
    if current_user in ('anon', 'authenticated') then
      new.id := gen_random_uuid();
    end if;
    new.created_at := now();
  else
    new.id := old.id;
    new.workspace_id := old.workspace_id;
    new.created_at := old.created_at;
  end if;
  new.updated_at := now();
  return new;
end;
$$;

create trigger pipelines_before_write before insert or update on public.pipelines
for each row execute function private.pipelines_before_write();

create function private.pipeline_stages_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.name := btrim(new.name, E' \t\r\n\f\v');
  if tg_op = 'UPDATE' then
    new.id := old.id;
    new.workspace_id := old.workspace_id;
    new.pipeline_id := old.pipeline_id;
    new.created_at := old.created_at;
  end if;
  return new;
end;
$$;

create trigger pipeline_stages_before_write before insert or update on public.pipeline_stages
for each row execute function private.pipeline_stages_before_write();

-- Every workspace, new or migrated, has a default pipeline.
create function private.create_default_pipeline(workspace uuid, pipeline_name text default 'Sales')
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  created uuid;
begin
  insert into public.pipelines (workspace_id, name, position)
  values (workspace, pipeline_name,
          coalesce((select max(p.position) + 1 from public.pipelines p
                     where p.workspace_id = workspace), 0))
  returning id into created;
  insert into public.pipeline_stages (workspace_id, pipeline_id, name, position, kind, probability)
  values
    (workspace, created, 'Lead in', 'V', 'open', 10),
    (workspace, created, 'Qualified', 'X', 'open', 25),
    (workspace, created, 'Proposal', 'Z', 'open', 50),
    (workspace, created, 'Negotiation', 'b', 'open', 75),
    (workspace, created, 'Won', 'd', 'won', 100),
    (workspace, created, 'Lost', 'f', 'lost', 0);
  return created;
end;
$$;

revoke all on function private.create_default_pipeline from public, anon, authenticated;

select private.create_default_pipeline(w.id) from public.workspaces w;

create function private.on_new_workspace()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.create_default_pipeline(new.id);
  return new;
end;
$$;

revoke all on function private.on_new_workspace from public, anon, authenticated;

create trigger on_new_workspace_create_pipeline after insert on public.workspaces
for each row execute function private.on_new_workspace();

-- Spreads a column's live cards over short keys, in the same order. Only a position changes:
-- versions and times stay (crm.rebalancing tells the trigger), so nobody's If-Match goes stale.
-- The caller holds the stage row's lock.
create function private.rebalance_stage(p_stage_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform set_config('crm.rebalancing', 'on', true);
  with ordered as (
    select d.id,
           row_number() over (order by d.position, d.id) as i,
           count(*) over () as n
      from public.deals d
     where d.stage_id = p_stage_id and d.deleted_at is null
  )
  update public.deals d set position = private.spread_key(o.i, o.n)
    from ordered o
   where d.id = o.id;
  perform set_config('crm.rebalancing', 'off', true);
end;
$$;

revoke all on function private.rebalance_stage from public, anon, authenticated;

-- The key after a column's last live card, spreading the column first when it would be long.
create function private.bottom_of(p_stage_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  key text := private.key_between(
    (select max(d.position) from public.deals d
      where d.stage_id = p_stage_id and d.deleted_at is null), null);
begin
  if char_length(key) > 50 then
    perform private.rebalance_stage(p_stage_id);
    key := private.key_between(
      (select max(d.position) from public.deals d
        where d.stage_id = p_stage_id and d.deleted_at is null), null);
  end if;
  return key;
end;
$$;

revoke all on function private.bottom_of from public, anon, authenticated;

-- Deals: ids, creators, times, versions and closing are the database's; references stay inside
-- the deal's workspace.
create function private.deals_before_write()
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

revoke all on function private.deals_before_write from public, anon, authenticated;

create trigger deals_before_write before insert or update on public.deals
for each row execute function private.deals_before_write();

-- A stage that becomes won or lost closes the deals in it; one that becomes open reopens them
-- (the deals trigger above decides closed_at; each deal's version moves on).
create function private.stage_kind_changed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.deals d set closed_at = null where d.stage_id = new.id;
  return null;
end;
$$;

revoke all on function private.stage_kind_changed from public, anon, authenticated;

create trigger pipeline_stages_kind_changed after update of kind on public.pipeline_stages
for each row when (old.kind is distinct from new.kind)
execute function private.stage_kind_changed();

-- Every stage change on record, by the database, never by the client.
create function private.deals_record_stage()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' or new.stage_id <> old.stage_id then
    insert into public.deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, changed_by)
    values (new.workspace_id, new.id,
            case when tg_op = 'UPDATE' then old.stage_id end, new.stage_id, (select auth.uid()));
  end if;
  return null;
end;
$$;

revoke all on function private.deals_record_stage from public, anon, authenticated;

create trigger deals_record_stage after insert or update of stage_id on public.deals
for each row execute function private.deals_record_stage();

-- Functions: what no table grant allows, each checking the caller itself -------------------

-- Creates a pipeline with the default stages.
create function private.create_pipeline(p_workspace_id uuid, p_name text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  created uuid;
begin
  perform private.require_role(p_workspace_id, 'member');
  if char_length(p_name) > 1000 then
    raise exception 'the name is too long' using errcode = '22023';
  end if;
  perform from public.workspaces w where w.id = p_workspace_id for no key update;
  if (select count(*) from public.pipelines p where p.workspace_id = p_workspace_id) >= 100 then
    raise exception 'a workspace holds at most 100 pipelines' using errcode = 'PT409';
  end if;
  created := private.create_default_pipeline(p_workspace_id, p_name);
  return (select to_jsonb(p) from public.pipelines p where p.id = created);
end;
$$;

-- Deletes a pipeline that holds no live deal (deleted ones go with it, for good).
create function private.delete_pipeline(p_pipeline_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  pipeline public.pipelines;
begin
  select * into pipeline from public.pipelines p where p.id = p_pipeline_id;
  if pipeline.id is null or private.my_role(pipeline.workspace_id) is null then
    raise exception 'no such pipeline in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(pipeline.workspace_id, 'member');
  perform from public.pipelines p where p.id = p_pipeline_id for update;
  if exists (select from public.deals d where d.pipeline_id = p_pipeline_id and d.deleted_at is null) then
    raise exception 'the pipeline holds deals: move or delete them first' using errcode = 'PT409';
  end if;
  delete from public.deals d where d.pipeline_id = p_pipeline_id;
  delete from public.pipelines p where p.id = p_pipeline_id;
end;
$$;

-- A stage at the end of its pipeline, or right after another.
create function private.create_stage(
  p_pipeline_id uuid,
  p_name text,
  p_kind public.stage_kind,
  p_probability integer,
  p_after_id uuid
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  pipeline public.pipelines;
  after_position text;
  created public.pipeline_stages;
begin
  select * into pipeline from public.pipelines p where p.id = p_pipeline_id;
  if pipeline.id is null or private.my_role(pipeline.workspace_id) is null then
    raise exception 'no such pipeline in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(pipeline.workspace_id, 'member');
  if char_length(p_name) > 1000 then
    raise exception 'the name is too long' using errcode = '22023';
  end if;
  perform from public.pipelines p where p.id = p_pipeline_id for no key update;
  if (select count(*) from public.pipeline_stages s where s.pipeline_id = p_pipeline_id) >= 100 then
    raise exception 'a pipeline holds at most 100 stages' using errcode = 'PT409';
  end if;
  if p_after_id is not null then
    select s.position into after_position from public.pipeline_stages s
     where s.id = p_after_id and s.pipeline_id = p_pipeline_id;
    if after_position is null then
      raise exception 'after_id is not a stage of this pipeline' using errcode = 'PT422';
    end if;
  else
    select max(s.position) into after_position from public.pipeline_stages s
     where s.pipeline_id = p_pipeline_id;
  end if;
  insert into public.pipeline_stages (workspace_id, pipeline_id, name, position, kind, probability)
  values (pipeline.workspace_id, p_pipeline_id, p_name,
          private.key_between(after_position,
            (select min(s.position) from public.pipeline_stages s
              where s.pipeline_id = p_pipeline_id and s.position > after_position)),
          coalesce(p_kind, 'open'), coalesce(p_probability, 0))
  returning * into created;
  return to_jsonb(created);
end;
$$;

-- Deletes a stage; the deals it holds move to `p_move_to` (another stage of the pipeline) in
-- the same transaction, after the deals already there.
create function private.delete_stage(p_stage_id uuid, p_move_to uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  stage public.pipeline_stages;
  target public.pipeline_stages;
  last_position text;
begin
  select * into stage from public.pipeline_stages s where s.id = p_stage_id;
  if stage.id is null or private.my_role(stage.workspace_id) is null then
    raise exception 'no such stage in this pipeline' using errcode = 'PT404';
  end if;
  perform private.require_role(stage.workspace_id, 'member');
  perform from public.pipelines p where p.id = stage.pipeline_id for no key update;
  if (select count(*) from public.pipeline_stages s where s.pipeline_id = stage.pipeline_id) = 1 then
    raise exception 'a pipeline keeps at least one stage' using errcode = 'PT409';
  end if;
  if exists (select from public.deals d
              where d.workspace_id = stage.workspace_id and d.pipeline_id = stage.pipeline_id
                and d.stage_id = p_stage_id) then
    if p_move_to is null then
      raise exception 'the stage holds deals: say where they move with move_to' using errcode = 'PT409';
    end if;
    select * into target from public.pipeline_stages s
     where s.id = p_move_to and s.pipeline_id = stage.pipeline_id and s.id <> p_stage_id
       for no key update;
    if target.id is null then
      raise exception 'move_to is not another stage of this pipeline' using errcode = 'PT422';
    end if;
    -- After the target's last card, in their order: its last key (or nothing) and a suffix.
    select coalesce(max(d.position), '') into last_position from public.deals d
     where d.stage_id = target.id and d.deleted_at is null;
    with moving as (
      select d.id,
             row_number() over (order by d.deleted_at nulls first, d.position, d.id) as i,
             count(*) over () as n
        from public.deals d
       where d.workspace_id = stage.workspace_id and d.pipeline_id = stage.pipeline_id
         and d.stage_id = p_stage_id
    )
    update public.deals d
       set stage_id = target.id, position = last_position || private.spread_key(m.i, m.n)
      from moving m
     where d.id = m.id;
    if (select max(char_length(d.position)) from public.deals d
         where d.stage_id = target.id and d.deleted_at is null) > 50 then
      perform private.rebalance_stage(target.id);
    end if;
  end if;
  delete from public.pipeline_stages s where s.id = p_stage_id;
end;
$$;

-- Puts a pipeline's stages in the order given (every one of them, once).
create function private.reorder_stages(p_pipeline_id uuid, p_stage_ids uuid[])
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  pipeline public.pipelines;
  key text;
  stage_id uuid;
begin
  select * into pipeline from public.pipelines p where p.id = p_pipeline_id;
  if pipeline.id is null or private.my_role(pipeline.workspace_id) is null then
    raise exception 'no such pipeline in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(pipeline.workspace_id, 'member');
  perform from public.pipelines p where p.id = p_pipeline_id for no key update;
  if cardinality(p_stage_ids) > 100
     or array_length(p_stage_ids, 1) is distinct from (select count(distinct x) from unnest(p_stage_ids) x)
     or (select array_agg(s.id order by s.id) from public.pipeline_stages s where s.pipeline_id = p_pipeline_id)
        is distinct from (select array_agg(x order by x) from unnest(p_stage_ids) x) then
    raise exception 'stage_ids must list every stage of the pipeline once' using errcode = 'PT422';
  end if;
  foreach stage_id in array p_stage_ids loop
    key := private.key_between(key, null);
    update public.pipeline_stages s set position = key where s.id = stage_id;
  end loop;
  return (select jsonb_agg(to_jsonb(s) order by s.position) from public.pipeline_stages s
           where s.pipeline_id = p_pipeline_id);
end;
$$;

-- Moves a deal to a stage, at the top or right after/before a neighbour: one deal row written.
-- The target stage row is locked first, so concurrent moves into a column are decided one after
-- the other; when the neighbours are no longer adjacent, or the deal changed since `p_version`,
-- 409 (the client refetches the column).
create function private.move_deal(
  p_workspace_id uuid,
  p_deal_id uuid,
  p_stage_id uuid,
  p_after_id uuid,
  p_before_id uuid,
  p_version integer
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  deal public.deals;
  target public.pipeline_stages;
  after_position text;
  before_position text;
  key text;
  moved public.deals;
begin
  select * into deal from public.deals d
   where d.id = p_deal_id and d.workspace_id = p_workspace_id and d.deleted_at is null;
  if deal.id is null or private.my_role(deal.workspace_id) is null then
    raise exception 'no such deal in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(deal.workspace_id, 'member');
  select * into target from public.pipeline_stages s
   where s.id = p_stage_id and s.workspace_id = deal.workspace_id for no key update;
  if target.id is null then
    raise exception 'stage_id is not a stage of this workspace' using errcode = 'PT422';
  end if;
  -- Read again under the column's lock: another move may just have committed.
  select * into deal from public.deals d where d.id = p_deal_id and d.deleted_at is null for no key update;
  if deal.id is null then
    raise exception 'no such deal in this workspace' using errcode = 'PT404';
  end if;
  if p_version is not null and deal.version <> p_version then
    raise exception 'the deal changed since you read it: fetch it again' using errcode = 'PT409';
  end if;
  if p_after_id = p_deal_id or p_before_id = p_deal_id then
    raise exception 'a deal cannot be its own neighbour' using errcode = 'PT422';
  end if;
  -- Twice at most: once more after spreading the column when the key would be long.
  for attempt in 1..2 loop
    after_position := null;
    before_position := null;
    if p_after_id is not null then
      select d.position into after_position from public.deals d
       where d.id = p_after_id and d.stage_id = target.id and d.deleted_at is null;
      if after_position is null then
        raise exception 'the column changed since you read it: fetch it again' using errcode = 'PT409';
      end if;
    end if;
    if p_before_id is not null then
      select d.position into before_position from public.deals d
       where d.id = p_before_id and d.stage_id = target.id and d.deleted_at is null;
      if before_position is null then
        raise exception 'the column changed since you read it: fetch it again' using errcode = 'PT409';
      end if;
    end if;
    if p_after_id is null and p_before_id is null then
      -- The top of the column.
      select min(d.position) into before_position from public.deals d
       where d.stage_id = target.id and d.deleted_at is null and d.id <> p_deal_id;
    elsif p_before_id is null then
      select min(d.position) into before_position from public.deals d
       where d.stage_id = target.id and d.deleted_at is null and d.id <> p_deal_id
         and d.position > after_position;
    elsif p_after_id is null then
      select max(d.position) into after_position from public.deals d
       where d.stage_id = target.id and d.deleted_at is null and d.id <> p_deal_id
         and d.position < before_position;
    elsif after_position >= before_position or exists (
      select from public.deals d
       where d.stage_id = target.id and d.deleted_at is null and d.id <> p_deal_id
         and d.position > after_position and d.position < before_position
    ) then
      raise exception 'the column changed since you read it: fetch it again' using errcode = 'PT409';
    end if;
    key := private.key_between(after_position, before_position);
    exit when char_length(key) <= 50 or attempt = 2;
    perform private.rebalance_stage(target.id);
  end loop;
  update public.deals d
     set stage_id = target.id, pipeline_id = target.pipeline_id, position = key
   where d.id = p_deal_id
  returning * into moved;
  return to_jsonb(moved);
end;
$$;

-- The board: a pipeline's stages in order, each with its count, amounts and weighted amounts
-- per currency, and its first deals by position.
create function private.pipeline_board(p_workspace_id uuid, p_pipeline_id uuid, p_per_stage integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pipeline public.pipelines;
begin
  select * into pipeline from public.pipelines p
   where p.id = p_pipeline_id and p.workspace_id = p_workspace_id;
  if pipeline.id is null or private.my_role(pipeline.workspace_id) is null then
    raise exception 'no such pipeline in this workspace' using errcode = 'PT404';
  end if;
  if p_per_stage is null or p_per_stage not between 1 and 200 then
    raise exception 'per_stage must be between 1 and 200' using errcode = '22023';
  end if;
  return jsonb_build_object(
    'pipeline', to_jsonb(pipeline),
    'stages', coalesce((
      select jsonb_agg(
        to_jsonb(s) || jsonb_build_object(
          'count', coalesce(totals.n, 0),
          'amount', coalesce(totals.amount, '{}'),
          'weighted', coalesce(totals.weighted, '{}'),
          'deals', coalesce(first_deals.page, '[]'),
          'has_more', coalesce(first_deals.n, 0) > p_per_stage
        ) order by s.position)
        from public.pipeline_stages s
        left join lateral (
          select sum(c.n) as n,
                 jsonb_object_agg(c.currency, c.amount) as amount,
                 jsonb_object_agg(c.currency, round(c.amount * s.probability / 100.0, 2)) as weighted
            from (select d.currency, count(*) as n, sum(d.amount) as amount
                    from public.deals d
                   where d.stage_id = s.id and d.deleted_at is null
                   group by d.currency) c
        ) totals on true
        left join lateral (
          select jsonb_agg(to_jsonb(f) - 'rank' order by f.position)
                   filter (where f.rank <= p_per_stage) as page,
                 count(*) as n
            from (select d.*, row_number() over (order by d.position) as rank
                    from public.deals d
                   where d.stage_id = s.id and d.deleted_at is null
                   order by d.position
                   limit p_per_stage + 1) f
        ) first_deals on true
       where s.pipeline_id = p_pipeline_id
    ), '[]')
  );
end;
$$;

-- Further down one column: the deals after a card (by id while it is still in the column, since
-- a rebalance changes keys; else after the position the client saw).
create function private.stage_deals(
  p_workspace_id uuid,
  p_pipeline_id uuid,
  p_stage_id uuid,
  p_after_position text,
  p_after_id uuid,
  p_limit integer
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  stage public.pipeline_stages;
  page jsonb;
begin
  select * into stage from public.pipeline_stages s
   where s.id = p_stage_id and s.workspace_id = p_workspace_id and s.pipeline_id = p_pipeline_id;
  if stage.id is null or private.my_role(stage.workspace_id) is null then
    raise exception 'no such stage in this pipeline' using errcode = 'PT404';
  end if;
  if p_limit is null or p_limit not between 1 and 200 or char_length(p_after_position) > 300 then
    raise exception 'a bound is out of range' using errcode = '22023';
  end if;
  if p_after_id is not null then
    p_after_position := coalesce(
      (select d.position from public.deals d
        where d.id = p_after_id and d.stage_id = p_stage_id and d.deleted_at is null),
      p_after_position);
  end if;
  select coalesce(jsonb_agg(to_jsonb(f) order by f.position), '[]') into page
    from (select d.* from public.deals d
           where d.stage_id = p_stage_id and d.deleted_at is null
             and (p_after_position is null or d.position > p_after_position collate "C")
           order by d.position
           limit p_limit + 1) f;
  return jsonb_build_object(
    'data', page - p_limit,
    'has_more', jsonb_array_length(page) > p_limit
  );
end;
$$;

-- The figures a sales lead asks for: what is in each stage and what it is worth; what was won
-- and lost in a period, the win rate, days to close, and days spent in each stage.
create function private.pipeline_summary(
  p_workspace_id uuid,
  p_pipeline_id uuid,
  p_from timestamptz,
  p_to timestamptz
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pipeline public.pipelines;
  won_count bigint;
  lost_count bigint;
  stay_days jsonb;
begin
  select * into pipeline from public.pipelines p
   where p.id = p_pipeline_id and p.workspace_id = p_workspace_id;
  if pipeline.id is null or private.my_role(pipeline.workspace_id) is null then
    raise exception 'no such pipeline in this workspace' using errcode = 'PT404';
  end if;
  if p_from is null or p_to is null or p_from > p_to then
    raise exception 'from must not be after to' using errcode = '22023';
  end if;
  -- Stays that ended in the period (entered at one change, left at the next), once for all
  -- stages.
  select coalesce(jsonb_object_agg(t.to_stage_id, t.days), '{}') into stay_days
    from (select h.to_stage_id,
                 round(avg(extract(epoch from h.left_at - h.changed_at) / 86400)::numeric, 2) as days
            from (select h.to_stage_id, h.changed_at,
                         lead(h.changed_at) over (partition by h.deal_id order by h.changed_at, h.id) as left_at
                    from public.deal_stage_history h
                    join public.deals d on d.id = h.deal_id
                   where d.pipeline_id = p_pipeline_id and h.changed_at <= p_to) h
           where h.left_at between p_from and p_to and h.to_stage_id is not null
           group by h.to_stage_id) t;
  select count(*) filter (where s.kind = 'won'), count(*) filter (where s.kind = 'lost')
    into won_count, lost_count
    from public.deals d join public.pipeline_stages s on s.id = d.stage_id
   where d.pipeline_id = p_pipeline_id and d.deleted_at is null
     and d.closed_at between p_from and p_to;
  return jsonb_build_object(
    'from', p_from,
    'to', p_to,
    'stages', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', s.id, 'name', s.name, 'kind', s.kind, 'probability', s.probability,
               'count', coalesce(t.n, 0),
               'amount', coalesce(t.amount, '{}'),
               'weighted', coalesce(t.weighted, '{}'),
               'average_days_in_stage', (stay_days ->> s.id::text)::numeric
             ) order by s.position)
        from public.pipeline_stages s
        left join lateral (
          select sum(c.n) as n,
                 jsonb_object_agg(c.currency, c.amount) as amount,
                 jsonb_object_agg(c.currency, round(c.amount * s.probability / 100.0, 2)) as weighted
            from (select d.currency, count(*) as n, sum(d.amount) as amount
                    from public.deals d
                   where d.stage_id = s.id and d.deleted_at is null
                   group by d.currency) c
        ) t on true
       where s.pipeline_id = p_pipeline_id
    ), '[]'),
    'won', (select jsonb_build_object('count', won_count, 'amount', coalesce(jsonb_object_agg(c.currency, c.amount), '{}'))
              from (select d.currency, sum(d.amount) as amount
                      from public.deals d join public.pipeline_stages s on s.id = d.stage_id
                     where d.pipeline_id = p_pipeline_id and d.deleted_at is null and s.kind = 'won'
                       and d.closed_at between p_from and p_to
                     group by d.currency) c),
    'lost', (select jsonb_build_object('count', lost_count, 'amount', coalesce(jsonb_object_agg(c.currency, c.amount), '{}'))
               from (select d.currency, sum(d.amount) as amount
                       from public.deals d join public.pipeline_stages s on s.id = d.stage_id
                      where d.pipeline_id = p_pipeline_id and d.deleted_at is null and s.kind = 'lost'
                        and d.closed_at between p_from and p_to
                      group by d.currency) c),
    'win_rate', case when won_count + lost_count > 0
                     then round(won_count::numeric / (won_count + lost_count), 4) end,
    'average_days_to_close', (
      select round(avg(extract(epoch from d.closed_at - d.created_at) / 86400)::numeric, 2)
        from public.deals d join public.pipeline_stages s on s.id = d.stage_id
       where d.pipeline_id = p_pipeline_id and d.deleted_at is null and s.kind = 'won'
         and d.closed_at between p_from and p_to)
  );
end;
$$;

-- Lists of deals, as lists of customers: filters, sort, page or keyset cursor, title search,
-- planned per call with the workspace explicit and membership checked here.
create function private.list_deals(
  p_workspace_id uuid,
  p_pipeline_id uuid,
  p_stage_id uuid,
  p_assignee_id uuid,
  p_customer_id uuid,
  p_amount_min numeric,
  p_amount_max numeric,
  p_close_from date,
  p_close_to date,
  p_status public.stage_kind,
  p_search text,
  p_sort text,
  p_descending boolean,
  p_after_value text,
  p_after_id uuid,
  p_limit integer,
  p_offset integer,
  p_with_total boolean
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  sort_column text := case p_sort
    when 'created_at' then 'created_at'
    when 'updated_at' then 'updated_at'
    when 'title' then 'title'
    when 'amount' then 'amount'
  end;
  sort_type text := case p_sort
    when 'title' then 'text' when 'amount' then 'numeric' else 'timestamptz'
  end;
  direction text := case when p_descending then 'desc' else 'asc' end;
  page_offset integer := coalesce(p_offset, 0);
  conditions text[];
  filters text;
  page jsonb;
  page_rows integer;
  total bigint;
  total_exact boolean := true;
  has_more boolean;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  if sort_column is null then
    raise exception 'unsupported sort' using errcode = '22023';
  end if;
  if p_limit is null or p_limit not between 1 and 100
     or page_offset not between 0 and 10000
     or char_length(p_search) not between 1 and 200
     or char_length(p_after_value) > 1000 then
    raise exception 'a bound is out of range' using errcode = '22023';
  end if;

  conditions := array[format('d.workspace_id = %L', p_workspace_id), 'd.deleted_at is null'];
  if p_pipeline_id is not null then
    conditions := conditions || format('d.pipeline_id = %L', p_pipeline_id);
  end if;
  if p_stage_id is not null then
    conditions := conditions || format('d.stage_id = %L', p_stage_id);
  end if;
  if p_assignee_id is not null then
    conditions := conditions || format('d.assignee_id = %L', p_assignee_id);
  end if;
  if p_customer_id is not null then
    conditions := conditions || format('d.customer_id = %L', p_customer_id);
  end if;
  if p_amount_min is not null then
    conditions := conditions || format('d.amount >= %L::numeric', p_amount_min);
  end if;
  if p_amount_max is not null then
    conditions := conditions || format('d.amount <= %L::numeric', p_amount_max);
  end if;
  if p_close_from is not null then
    conditions := conditions || format('d.expected_close_date >= %L::date', p_close_from);
  end if;
  if p_close_to is not null then
    conditions := conditions || format('d.expected_close_date <= %L::date', p_close_to);
  end if;
  if p_status is not null then
    conditions := conditions || format(
      'd.stage_id in (select s.id from public.pipeline_stages s where s.workspace_id = %L and s.kind = %L)',
      p_workspace_id, p_status);
  end if;
  if p_search is not null then
    conditions := conditions || format('d.title ilike %L',
      '%' || replace(replace(replace(p_search, '\', '\\'), '%', '\%'), '_', '\_') || '%');
  end if;
  filters := array_to_string(conditions, ' and ');

  execute format(
    'select coalesce(jsonb_agg(to_jsonb(p) - %8$L order by p.%1$I %2$s, p.id %2$s), %3$L::jsonb),
            max(p.matches)
       from (select d.*, %9$s as matches from public.deals d
              where %4$s %5$s
              order by d.%1$I %2$s, d.id %2$s
              limit %6$s offset %7$s) p',
    sort_column,
    direction,
    '[]',
    filters,
    case
      when p_after_id is null then ''
      else format('and (d.%I, d.id) %s (%L::%s, %L::uuid)', sort_column,
                  case when p_descending then '<' else '>' end, p_after_value, sort_type, p_after_id)
    end,
    p_limit + 1,
    page_offset,
    'matches',
    case when p_with_total and p_search is not null then 'count(*) over ()' else 'null::bigint' end
  ) into page, total;
  page_rows := jsonb_array_length(page);
  has_more := page_rows > p_limit;
  if has_more then
    page := page - p_limit;
  end if;
  if p_with_total and total is null then
    if not has_more and (page_rows > 0 or page_offset = 0) then
      total := page_offset + page_rows;
    else
      execute format(
        'select count(*) from (select from public.deals d where %s limit 10001) s', filters
      ) into total;
      total_exact := total <= 10000;
    end if;
  end if;
  return jsonb_build_object(
    'data', page, 'total', total, 'total_exact', total_exact, 'has_more', has_more
  );
end;
$$;

revoke all on function private.create_pipeline, private.delete_pipeline, private.create_stage,
  private.delete_stage,
  private.reorder_stages, private.move_deal, private.pipeline_board, private.stage_deals,
  private.pipeline_summary, private.list_deals from public, anon;
grant execute on function private.create_pipeline, private.delete_pipeline, private.create_stage,
  private.delete_stage,
  private.reorder_stages, private.move_deal, private.pipeline_board, private.stage_deals,
  private.pipeline_summary, private.list_deals to authenticated;

-- What PostgREST exposes: each runs as the caller and hands over to the function above.
create function public.create_pipeline(p_workspace_id uuid, p_name text)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.create_pipeline(p_workspace_id, p_name) $$;

create function public.delete_pipeline(p_pipeline_id uuid)
returns void language sql volatile security invoker set search_path = ''
as $$ select private.delete_pipeline(p_pipeline_id) $$;

create function public.create_stage(
  p_pipeline_id uuid,
  p_name text,
  p_kind public.stage_kind default 'open',
  p_probability integer default 0,
  p_after_id uuid default null
)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.create_stage(p_pipeline_id, p_name, p_kind, p_probability, p_after_id) $$;

create function public.delete_stage(p_stage_id uuid, p_move_to uuid default null)
returns void language sql volatile security invoker set search_path = ''
as $$ select private.delete_stage(p_stage_id, p_move_to) $$;

create function public.reorder_stages(p_pipeline_id uuid, p_stage_ids uuid[])
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.reorder_stages(p_pipeline_id, p_stage_ids) $$;

create function public.move_deal(
  p_workspace_id uuid,
  p_deal_id uuid,
  p_stage_id uuid,
  p_after_id uuid default null,
  p_before_id uuid default null,
  p_version integer default null
)
returns jsonb language sql volatile security invoker set search_path = ''
as $$
  select private.move_deal(p_workspace_id, p_deal_id, p_stage_id, p_after_id, p_before_id, p_version)
$$;

create function public.pipeline_board(
  p_workspace_id uuid,
  p_pipeline_id uuid,
  p_per_stage integer default 50
)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.pipeline_board(p_workspace_id, p_pipeline_id, p_per_stage) $$;

create function public.stage_deals(
  p_workspace_id uuid,
  p_pipeline_id uuid,
  p_stage_id uuid,
  p_after_position text default null,
  p_after_id uuid default null,
  p_limit integer default 50
)
returns jsonb language sql stable security invoker set search_path = ''
as $$
  select private.stage_deals(
    p_workspace_id, p_pipeline_id, p_stage_id, p_after_position, p_after_id, p_limit
  )
$$;

create function public.pipeline_summary(
  p_workspace_id uuid,
  p_pipeline_id uuid,
  p_from timestamptz,
  p_to timestamptz
)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.pipeline_summary(p_workspace_id, p_pipeline_id, p_from, p_to) $$;

create function public.list_deals(
  p_workspace_id uuid,
  p_pipeline_id uuid default null,
  p_stage_id uuid default null,
  p_assignee_id uuid default null,
  p_customer_id uuid default null,
  p_amount_min numeric default null,
  p_amount_max numeric default null,
  p_close_from date default null,
  p_close_to date default null,
  p_status public.stage_kind default null,
  p_search text default null,
  p_sort text default 'created_at',
  p_descending boolean default true,
  p_after_value text default null,
  p_after_id uuid default null,
  p_limit integer default 20,
  p_offset integer default 0,
  p_with_total boolean default false
)
returns jsonb language sql stable security invoker set search_path = ''
as $$
  select private.list_deals(
    p_workspace_id, p_pipeline_id, p_stage_id, p_assignee_id, p_customer_id, p_amount_min,
    p_amount_max, p_close_from, p_close_to, p_status, p_search, p_sort, p_descending,
    p_after_value, p_after_id, p_limit, p_offset, p_with_total
  )
$$;

revoke all on function public.create_pipeline, public.delete_pipeline, public.create_stage,
  public.delete_stage,
  public.reorder_stages, public.move_deal, public.pipeline_board, public.stage_deals,
  public.pipeline_summary, public.list_deals from public, anon;
grant execute on function public.create_pipeline, public.delete_pipeline, public.create_stage,
  public.delete_stage,
  public.reorder_stages, public.move_deal, public.pipeline_board, public.stage_deals,
  public.pipeline_summary, public.list_deals to authenticated;

notify pgrst, 'reload schema';
