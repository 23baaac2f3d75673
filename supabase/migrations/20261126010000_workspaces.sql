-- Team workspaces: one shared book of customers per sales team, with roles.
--
-- Every rule lives here: a user's token sent straight to PostgREST is exactly as limited as a
-- call through the API. Memberships are read through security-definer helpers in `private` (not
-- exposed), each called once per statement as `(select private.fn(...))`; memberships are
-- written only by definer functions (creating a workspace, accepting an invitation, signing up)
-- and by the role changes and removals the policies below allow.

-- Roles, each including the ones before it.
create type public.workspace_role as enum ('viewer', 'member', 'admin', 'owner');

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 100 and name ~ '[^[:space:]]'),
  -- Every user has one from sign-up; it cannot be deleted.
  personal boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);

comment on table public.workspaces is 'A sales team: its members share one book of customers.';

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.workspace_role not null,
  joined_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);

-- Membership is looked up by user on every statement (the primary key serves lookups by workspace).
create index workspace_members_user_idx on public.workspace_members (user_id, workspace_id, role);

create table public.workspace_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null check (
    char_length(email) <= 320 and email = lower(btrim(email))
    and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
  ),
  role public.workspace_role not null,
  invited_by uuid references auth.users (id) on delete set null,
  -- sha256 of the one-time token, which only its creator ever saw.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  check (accepted_at is null or revoked_at is null)
);

create index workspace_invitations_workspace_idx
  on public.workspace_invitations (workspace_id, created_at desc);

-- Helpers (definer: they read memberships past RLS, for the caller only) -------------------

-- The workspaces where the caller holds at least `minimum`: policies compare with `= any (...)`.
create function private.my_workspace_ids(minimum public.workspace_role)
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.workspace_id), '{}')
    from public.workspace_members m
   where m.user_id = (select auth.uid()) and m.role >= minimum
$$;

-- The caller's role in one workspace, or null when they are not a member.
create function private.my_role(workspace uuid)
returns public.workspace_role
language sql
stable
security definer
set search_path = ''
as $$
  select m.role from public.workspace_members m
   where m.workspace_id = workspace and m.user_id = (select auth.uid())
$$;

-- Policies call these as the caller: `authenticated` needs them (revoking breaks its policies).
revoke all on function private.my_workspace_ids, private.my_role from public, anon;
grant execute on function private.my_workspace_ids, private.my_role to authenticated;

-- Answers "no such workspace" to a non-member and "not allowed" to a member below `minimum`.
-- PostgREST answers PTxyz with HTTP xyz.
create function private.require_role(workspace uuid, minimum public.workspace_role)
returns public.workspace_role
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  held public.workspace_role := private.my_role(workspace);
begin
  if held is null then
    raise exception 'no such workspace' using errcode = 'PT404';
  end if;
  if held < minimum then
    raise exception 'your role in this workspace does not allow this' using errcode = 'PT403';
  end if;
  return held;
end;
$$;

revoke all on function private.require_role from public, anon;
grant execute on function private.require_role to authenticated;

-- Workspaces --------------------------------------------------------------------------------

alter table public.workspaces enable row level security;

create policy workspaces_select on public.workspaces
  for select to authenticated
  using (id = any ((select private.my_workspace_ids('viewer'))::uuid[]));

-- Renaming: admins and owners.
create policy workspaces_update on public.workspaces
  for update to authenticated
  using (id = any ((select private.my_workspace_ids('admin'))::uuid[]))
  with check (id = any ((select private.my_workspace_ids('admin'))::uuid[]));

-- Deleting: owners, and never a personal workspace.
create policy workspaces_delete on public.workspaces
  for delete to authenticated
  using (id = any ((select private.my_workspace_ids('owner'))::uuid[]) and not personal);

revoke all on public.workspaces from anon, authenticated;
grant select, delete on public.workspaces to authenticated;
grant update (name) on public.workspaces to authenticated;
grant all on public.workspaces to service_role;

create function private.workspaces_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
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

create trigger workspaces_before_write
before insert or update on public.workspaces
for each row execute function private.workspaces_before_write();

-- Members -----------------------------------------------------------------------------------

alter table public.workspace_members enable row level security;

create policy workspace_members_select on public.workspace_members
  for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));

-- Admins change and remove viewers, members and admins; only owners touch owners, or make one.
create policy workspace_members_update on public.workspace_members
  for update to authenticated
  using (
    workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[])
    and (role < 'owner' or workspace_id = any ((select private.my_workspace_ids('owner'))::uuid[]))
  )
  with check (
    workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[])
    and (role < 'owner' or workspace_id = any ((select private.my_workspace_ids('owner'))::uuid[]))
  );

-- The same, and anyone may leave.
create policy workspace_members_delete on public.workspace_members
  for delete to authenticated
  using (
    user_id = (select auth.uid())
    or (
      workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[])
      and (role < 'owner' or workspace_id = any ((select private.my_workspace_ids('owner'))::uuid[]))
    )
  );

revoke all on public.workspace_members from anon, authenticated;
grant select, delete on public.workspace_members to authenticated;
grant update (role) on public.workspace_members to authenticated;
grant all on public.workspace_members to service_role;

-- A workspace always keeps an owner. The workspace row is locked first, so two owners demoting
-- each other at once are decided one after the other. Runs as the definer: the count must see
-- every member, whatever the caller may see.
create function private.workspace_members_keep_an_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.role <> 'owner' or (tg_op = 'UPDATE' and new.role = 'owner') then
    return coalesce(new, old);
  end if;
  -- Deleting the workspace takes its members with it: nothing to keep.
  if tg_op = 'DELETE' and not exists (
    select from public.workspaces w where w.id = old.workspace_id
  ) then
    return old;
  end if;
  -- A deleted account leaves its workspaces: the longest-standing of the highest role left
  -- becomes owner, if there is no other.
  if tg_op = 'DELETE' and not exists (select from auth.users u where u.id = old.user_id) then
    update public.workspace_members m set role = 'owner'
     where m.workspace_id = old.workspace_id
       and not exists (select from public.workspace_members o
                        where o.workspace_id = old.workspace_id and o.role = 'owner'
                          and o.user_id <> old.user_id)
       and m.user_id = (select n.user_id from public.workspace_members n
                         where n.workspace_id = old.workspace_id and n.user_id <> old.user_id
                         order by n.role desc, n.joined_at, n.user_id limit 1);
    return old;
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

revoke all on function private.workspace_members_keep_an_owner from public, anon;

create trigger workspace_members_keep_an_owner
before update of role or delete on public.workspace_members
for each row execute function private.workspace_members_keep_an_owner();

create function private.workspace_members_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.workspace_id := old.workspace_id;
  new.user_id := old.user_id;
  new.joined_at := old.joined_at;
  return new;
end;
$$;

create trigger workspace_members_before_update
before update on public.workspace_members
for each row execute function private.workspace_members_before_update();

-- Invitations -------------------------------------------------------------------------------

alter table public.workspace_invitations enable row level security;

-- Admins and owners see their workspace's invitations (never the token hash: no grant on it).
create policy workspace_invitations_select on public.workspace_invitations
  for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[]));

-- Revoking: admins, and for an invitation to become owner, owners.
create policy workspace_invitations_update on public.workspace_invitations
  for update to authenticated
  using (
    workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[])
    and (role < 'owner' or workspace_id = any ((select private.my_workspace_ids('owner'))::uuid[]))
  )
  with check (
    workspace_id = any ((select private.my_workspace_ids('admin'))::uuid[])
    and (role < 'owner' or workspace_id = any ((select private.my_workspace_ids('owner'))::uuid[]))
  );

revoke all on public.workspace_invitations from anon, authenticated;
grant select (id, workspace_id, email, role, invited_by, created_at, expires_at, accepted_at,
              accepted_by, revoked_at)
  on public.workspace_invitations to authenticated;
grant update (revoked_at) on public.workspace_invitations to authenticated;
grant all on public.workspace_invitations to service_role;

-- An invitation can only be revoked, once, while pending; everything else stays as created.
create function private.workspace_invitations_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    if old.revoked_at is not null or old.accepted_at is not null then
      raise exception 'the invitation was already used or revoked' using errcode = 'PT410';
    end if;
    new := old;
    new.revoked_at := now();
  end if;
  return new;
end;
$$;

create trigger workspace_invitations_before_update
before update on public.workspace_invitations
for each row execute function private.workspace_invitations_before_update();

-- Customers belong to a workspace -----------------------------------------------------------

-- Every user has a personal workspace, existing users included, before customers move into it.
create function private.create_personal_workspace(member uuid, email text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  created uuid;
begin
  insert into public.workspaces (name, personal, created_by)
  values (left(coalesce(nullif(split_part(email, '@', 1), ''), 'My') || '''s workspace', 100),
          true, member)
  returning id into created;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (created, member, 'owner');
  return created;
end;
$$;

revoke all on function private.create_personal_workspace from public, anon, authenticated;

select private.create_personal_workspace(u.id, u.email) from auth.users u;

-- From now on, from a user's first moment (the pattern Supabase documents for new users).
create function private.on_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.create_personal_workspace(new.id, new.email);
  return new;
end;
$$;

revoke all on function private.on_new_user from public, anon, authenticated;

create trigger on_new_user_create_personal_workspace
after insert on auth.users
for each row execute function private.on_new_user();

-- Each customer moves into its owner's personal workspace, every row and field kept; the owner
-- stays as the one who created it.
alter table public.customers add column workspace_id uuid references public.workspaces (id) on delete cascade;
-- Moving rows is not editing them: the trigger would stamp updated_at.
alter table public.customers disable trigger customers_before_write;
update public.customers c
   set workspace_id = w.id
  from public.workspaces w
 where w.personal and w.created_by = c.owner_id;
alter table public.customers enable trigger customers_before_write;
alter table public.customers alter column workspace_id set not null;

drop policy customers_select_own on public.customers;
drop policy customers_insert_own on public.customers;
drop policy customers_update_own on public.customers;
drop index public.customers_owner_created_idx;
drop index public.customers_owner_updated_idx;
drop index public.customers_owner_name_idx;
drop index public.customers_owner_status_idx;
drop index public.customers_owner_idx;
drop index public.customers_owner_email_key;

alter table public.customers drop constraint customers_owner_id_fkey;
alter table public.customers rename column owner_id to created_by;
alter table public.customers alter column created_by drop not null;
alter table public.customers alter column created_by set default auth.uid();
alter table public.customers
  add constraint customers_created_by_fkey foreign key (created_by)
  references auth.users (id) on delete set null;

-- Lists filter by workspace and live rows, then sort; each sort has its index, ties broken by id.
create index customers_workspace_created_idx
  on public.customers (workspace_id, created_at desc, id desc) where deleted_at is null;
create index customers_workspace_updated_idx
  on public.customers (workspace_id, updated_at desc, id desc) where deleted_at is null;
create index customers_workspace_name_idx
  on public.customers (workspace_id, name, id) where deleted_at is null;
create index customers_workspace_status_idx
  on public.customers (workspace_id, status) where deleted_at is null;
-- The policies read workspace_id on every row, deleted ones included (restore).
create index customers_workspace_idx on public.customers (workspace_id);
create index customers_created_by_idx on public.customers (created_by);
-- Email is unique among a workspace's live customers.
create unique index customers_workspace_email_key
  on public.customers (workspace_id, email) where deleted_at is null and email is not null;

create policy customers_select on public.customers
  for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));

create policy customers_insert on public.customers
  for insert to authenticated
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

create policy customers_update on public.customers
  for update to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

revoke insert on public.customers from authenticated;
grant insert (workspace_id, name, email, phone, company, status, tags, notes)
  on public.customers to authenticated;

create or replace function public.customers_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
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

-- Idempotency keys stay their user's own (owner_id); the API's request hash covers the
-- workspace too.

-- Functions ---------------------------------------------------------------------------------

drop function public.list_customers(
  text[], text, timestamptz, timestamptz, text, text, boolean, text, uuid, integer, integer, boolean
);
drop function private.list_customers(
  text[], text, timestamptz, timestamptz, text, text, boolean, text, uuid, integer, integer, boolean
);
drop function public.create_customer(jsonb, text, text);

-- Lists: a workspace's customers, to its members only. Runs as its owner in an unexposed schema
-- (trigram search under RLS needs it), checks membership itself and plans each query with its
-- values. Bounds as before: page mode reaches 10,000 rows deep.
create function private.list_customers(
  p_workspace_id uuid,
  p_status text[],
  p_tag text,
  p_created_from timestamptz,
  p_created_to timestamptz,
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
    when 'name' then 'name'
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
  -- A definer function sees every row: it checks membership itself (404 to a non-member).
  perform private.require_role(p_workspace_id, 'viewer');
  if sort_column is null then
    raise exception 'unsupported sort' using errcode = '22023';
  end if;
  if p_limit is null or p_limit not between 1 and 100 then
    raise exception 'limit must be between 1 and 100' using errcode = '22023';
  end if;
  if page_offset not between 0 and 10000 then
    raise exception 'offset must be between 0 and 10000; page deeper with a cursor'
      using errcode = '22023';
  end if;
  if char_length(p_search) not between 1 and 200
     or char_length(p_tag) not between 1 and 50
     or char_length(p_after_value) > 1000
     or cardinality(p_status) > 4
     or not (p_status <@ array['lead', 'prospect', 'active', 'inactive']) then
    raise exception 'a filter is out of bounds' using errcode = '22023';
  end if;

  conditions := array[format('c.workspace_id = %L', p_workspace_id), 'c.deleted_at is null'];
  if p_status is not null then
    conditions := conditions || format('c.status = any (%L::text[])', p_status);
  end if;
  if p_tag is not null then
    conditions := conditions || format('c.tags @> array[%L]', p_tag);
  end if;
  if p_created_from is not null then
    conditions := conditions || format('c.created_at >= %L::timestamptz', p_created_from);
  end if;
  if p_created_to is not null then
    conditions := conditions || format('c.created_at <= %L::timestamptz', p_created_to);
  end if;
  if p_search is not null then
    -- Escape LIKE's own wildcards: the text is searched for as it is.
    conditions := conditions || format(
      '(c.name ilike %1$L or c.email ilike %1$L or c.company ilike %1$L)',
      '%' || replace(replace(replace(p_search, '\', '\\'), '%', '\%'), '_', '\_') || '%'
    );
  end if;
  filters := array_to_string(conditions, ' and ');

  -- Keyset: a row comparison on (sort column, id), which a btree index answers directly.
  -- A search reads every match before it sorts, so it counts them in the same pass; plain
  -- lists stop after one page, and count apart.
  execute format(
    'select coalesce(jsonb_agg(to_jsonb(p) - %8$L order by p.%1$I %2$s, p.id %2$s), %3$L::jsonb),
            max(p.matches)
       from (select c.*, %9$s as matches from public.customers c
              where %4$s %5$s
              order by c.%1$I %2$s, c.id %2$s
              limit %6$s offset %7$s) p',
    sort_column,
    direction,
    '[]',
    filters,
    case
      when p_after_id is null then ''
      else format(
        'and (c.%I, c.id) %s (%L::%s, %L::uuid)',
        sort_column,
        case when p_descending then '<' else '>' end,
        p_after_value,
        case when sort_column = 'name' then 'text' else 'timestamptz' end,
        p_after_id
      )
    end,
    p_limit + 1, -- one more than asked tells whether another page follows
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
      -- The last page: everything before it, and what it holds.
      total := page_offset + page_rows;
    else
      -- Exact as deep as page mode reaches; past that, counting every row of a big workspace
      -- would cost far more than the page itself: "more than 10,000" (10,001, not exact).
      execute format(
        'select count(*) from (select from public.customers c where %s limit 10001) s', filters
      ) into total;
      total_exact := total <= 10000;
    end if;
  end if;
  return jsonb_build_object(
    'data', page, 'total', total, 'total_exact', total_exact, 'has_more', has_more
  );
end;
$$;

revoke all on function private.list_customers from public, anon;
grant execute on function private.list_customers to authenticated;

create function public.list_customers(
  p_workspace_id uuid,
  p_status text[] default null,
  p_tag text default null,
  p_created_from timestamptz default null,
  p_created_to timestamptz default null,
  p_search text default null,
  p_sort text default 'created_at',
  p_descending boolean default true,
  p_after_value text default null,
  p_after_id uuid default null,
  p_limit integer default 20,
  p_offset integer default 0,
  p_with_total boolean default false
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.list_customers(
    p_workspace_id, p_status, p_tag, p_created_from, p_created_to, p_search, p_sort,
    p_descending, p_after_value, p_after_id, p_limit, p_offset, p_with_total
  )
$$;

revoke all on function public.list_customers from public, anon;
grant execute on function public.list_customers to authenticated;

-- Creates: in a workspace, with the Idempotency-Key taken in the same transaction.
create function public.create_customer(
  p_workspace_id uuid,
  p_customer jsonb,
  p_idempotency_key text default null,
  p_request_hash text default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  taken private.idempotency_keys;
  created public.customers;
  field text;
begin
  if jsonb_typeof(p_customer) is distinct from 'object' or octet_length(p_customer::text) > 65536 then
    raise exception 'the customer must be a JSON object of at most 64 KiB' using errcode = '22023';
  end if;
  for field in select jsonb_object_keys(p_customer) loop
    if field not in ('name', 'email', 'phone', 'company', 'status', 'tags', 'notes') then
      raise exception 'unknown customer field' using errcode = '22023';
    end if;
    if field <> 'tags' and jsonb_typeof(p_customer -> field) not in ('string', 'null') then
      raise exception 'customer fields are strings' using errcode = '22023';
    end if;
  end loop;
  if p_customer ? 'tags' and (
       jsonb_typeof(p_customer -> 'tags') <> 'array'
       or exists (select from jsonb_array_elements(p_customer -> 'tags') as t
                   where jsonb_typeof(t) <> 'string')) then
    raise exception 'tags must be an array of strings' using errcode = '22023';
  end if;
  if (p_idempotency_key is null) <> (p_request_hash is null)
     or char_length(p_idempotency_key) not between 1 and 255
     or char_length(p_request_hash) not between 1 and 128 then
    raise exception 'an idempotency key comes with a request hash, both bounded' using errcode = '22023';
  end if;

  -- Members and above create; a clear 404 or 403 otherwise (the insert policy holds it too).
  perform private.require_role(p_workspace_id, 'member');
  perform private.purge_expired_idempotency_keys();

  if p_idempotency_key is not null then
    insert into private.idempotency_keys (key, request_hash)
    values (p_idempotency_key, p_request_hash)
    on conflict (owner_id, key) do nothing;
    if not found then
      select * into taken from private.idempotency_keys
       where owner_id = (select auth.uid()) and key = p_idempotency_key;
      if taken.created_at < now() - interval '24 hours' then
        -- Expired but not yet swept: the key is free again.
        delete from private.idempotency_keys
         where owner_id = (select auth.uid()) and key = p_idempotency_key;
        insert into private.idempotency_keys (key, request_hash)
        values (p_idempotency_key, p_request_hash);
      elsif taken.request_hash is distinct from p_request_hash then
        -- PostgREST answers PTxyz with HTTP xyz.
        raise exception 'idempotency key reused for another request' using errcode = 'PT422';
      else
        return jsonb_build_object('replayed', true, 'customer', taken.response);
      end if;
    end if;
  end if;

  insert into public.customers (workspace_id, name, email, phone, company, status, tags, notes)
  values (
    p_workspace_id,
    p_customer ->> 'name',
    p_customer ->> 'email',
    p_customer ->> 'phone',
    p_customer ->> 'company',
    coalesce(p_customer ->> 'status', 'lead'),
    coalesce(
      (select array_agg(tag) from jsonb_array_elements_text(p_customer -> 'tags') as tag),
      '{}'
    ),
    p_customer ->> 'notes'
  )
  returning * into created;

  if p_idempotency_key is not null then
    update private.idempotency_keys set response = to_jsonb(created), customer_id = created.id
     where owner_id = (select auth.uid()) and key = p_idempotency_key;
  end if;
  return jsonb_build_object('replayed', false, 'customer', to_jsonb(created));
end;
$$;

revoke all on function public.create_customer from public, anon;
grant execute on function public.create_customer to authenticated;

-- Workspace operations no table grant allows: each checks the caller itself ---------------

create function private.create_workspace(p_name text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  created public.workspaces;
begin
  if caller is null then
    raise exception 'no signed-in user' using errcode = '42501';
  end if;
  if char_length(p_name) > 1000 then
    raise exception 'the name is too long' using errcode = '22023';
  end if;
  insert into public.workspaces (name, created_by) values (p_name, caller) returning * into created;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (created.id, caller, 'owner');
  return to_jsonb(created) || jsonb_build_object('role', 'owner');
end;
$$;

create function private.list_workspace_members(p_workspace_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  members jsonb;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  select coalesce(jsonb_agg(jsonb_build_object(
           'user_id', m.user_id, 'email', u.email, 'role', m.role, 'joined_at', m.joined_at)
           order by m.joined_at, m.user_id), '[]')
    into members
    from public.workspace_members m
    join auth.users u on u.id = m.user_id
   where m.workspace_id = p_workspace_id;
  return members;
end;
$$;

create function private.create_invitation(
  p_workspace_id uuid,
  p_email text,
  p_role public.workspace_role
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  held public.workspace_role := private.require_role(p_workspace_id, 'admin');
  token text;
  created public.workspace_invitations;
begin
  if p_role = 'owner' and held <> 'owner' then
    raise exception 'only an owner may invite an owner' using errcode = 'PT403';
  end if;
  if char_length(p_email) > 320 then
    raise exception 'the email is too long' using errcode = '22023';
  end if;
  -- 244 random bits from the server's strong random source, shown once, stored as a hash.
  token := encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'hex');
  insert into public.workspace_invitations (workspace_id, email, role, invited_by, token_hash)
  values (p_workspace_id, lower(btrim(p_email)), p_role, (select auth.uid()),
          encode(sha256(convert_to(token, 'UTF8')), 'hex'))
  returning * into created;
  return (to_jsonb(created) - 'token_hash') || jsonb_build_object('token', token);
end;
$$;

create function private.accept_invitation(p_token text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  invitation public.workspace_invitations;
begin
  if caller is null then
    raise exception 'no signed-in user' using errcode = '42501';
  end if;
  -- The row lock makes a second acceptance wait, then find it used.
  select * into invitation from public.workspace_invitations
   where token_hash = encode(sha256(convert_to(left(p_token, 200), 'UTF8')), 'hex')
     for update;
  if invitation.id is null then
    raise exception 'no such invitation' using errcode = 'PT404';
  end if;
  if invitation.accepted_at is not null or invitation.revoked_at is not null
     or invitation.expires_at <= now() then
    raise exception 'the invitation was used, revoked or has expired' using errcode = 'PT410';
  end if;
  if lower((select auth.jwt()) ->> 'email') is distinct from invitation.email then
    raise exception 'the invitation is for another email address' using errcode = 'PT403';
  end if;
  if exists (select from public.workspace_members m
              where m.workspace_id = invitation.workspace_id and m.user_id = caller) then
    raise exception 'you are already a member of this workspace' using errcode = 'PT409';
  end if;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (invitation.workspace_id, caller, invitation.role);
  update public.workspace_invitations
     set accepted_at = now(), accepted_by = caller
   where id = invitation.id;
  return jsonb_build_object('workspace_id', invitation.workspace_id, 'role', invitation.role);
end;
$$;

revoke all on function private.create_workspace, private.list_workspace_members,
  private.create_invitation, private.accept_invitation from public, anon;
grant execute on function private.create_workspace, private.list_workspace_members,
  private.create_invitation, private.accept_invitation to authenticated;

-- What PostgREST exposes: each runs as the caller and hands over to the function above.
create function public.create_workspace(p_name text)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.create_workspace(p_name) $$;

create function public.list_workspace_members(p_workspace_id uuid)
returns jsonb language sql stable security invoker set search_path = ''
as $$ select private.list_workspace_members(p_workspace_id) $$;

create function public.create_invitation(
  p_workspace_id uuid,
  p_email text,
  p_role public.workspace_role
)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.create_invitation(p_workspace_id, p_email, p_role) $$;

create function public.accept_invitation(p_token text)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.accept_invitation(p_token) $$;

revoke all on function public.create_workspace, public.list_workspace_members,
  public.create_invitation, public.accept_invitation from public, anon;
grant execute on function public.create_workspace, public.list_workspace_members,
  public.create_invitation, public.accept_invitation to authenticated;

notify pgrst, 'reload schema';
