-- Customers: one row per contact of a CRM user, isolated per owner by Row Level Security.

create extension if not exists pg_trgm with schema extensions;

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  email text check (char_length(email) <= 320),
  phone text check (char_length(phone) <= 50),
  company text check (char_length(company) <= 200),
  status text not null default 'lead'
    check (status in ('lead', 'prospect', 'active', 'inactive')),
  tags text[] not null default '{}'
    check (cardinality(tags) <= 20),
  notes text check (char_length(notes) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);

comment on table public.customers is 'Contacts of a CRM user; soft-deleted rows keep deleted_at.';

-- Emails compare trimmed and case-insensitively; store them that way.
create function public.customers_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.email := nullif(lower(btrim(new.email)), '');
  if tg_op = 'UPDATE' then
    new.updated_at := now();
    new.created_at := old.created_at;
    new.owner_id := old.owner_id;
  end if;
  return new;
end;
$$;

create trigger customers_before_write
before insert or update on public.customers
for each row execute function public.customers_before_write();

-- Lists filter by owner and live rows, then sort; each sort has its index, ties broken by id.
create index customers_owner_created_idx
  on public.customers (owner_id, created_at desc, id desc) where deleted_at is null;
create index customers_owner_updated_idx
  on public.customers (owner_id, updated_at desc, id desc) where deleted_at is null;
create index customers_owner_name_idx
  on public.customers (owner_id, name, id) where deleted_at is null;
create index customers_owner_status_idx
  on public.customers (owner_id, status) where deleted_at is null;
create index customers_tags_idx on public.customers using gin (tags);
-- The policies read owner_id on every row, deleted ones included (restore).
create index customers_owner_idx on public.customers (owner_id);
-- Uniqueness holds among live rows, so a deleted customer can be created again.
create unique index customers_owner_email_key
  on public.customers (owner_id, email) where deleted_at is null and email is not null;
-- Substring search (case-insensitive) over name, email and company.
create index customers_name_trgm_idx
  on public.customers using gin (name extensions.gin_trgm_ops);
create index customers_email_trgm_idx
  on public.customers using gin (email extensions.gin_trgm_ops);
create index customers_company_trgm_idx
  on public.customers using gin (company extensions.gin_trgm_ops);

alter table public.customers enable row level security;

create policy customers_select_own on public.customers
  for select to authenticated
  using ((select auth.uid()) = owner_id);

create policy customers_insert_own on public.customers
  for insert to authenticated
  with check ((select auth.uid()) = owner_id);

create policy customers_update_own on public.customers
  for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);

create policy customers_delete_own on public.customers
  for delete to authenticated
  using ((select auth.uid()) = owner_id);

-- New tables are not granted to the API roles automatically: grant exactly what is used.
revoke all on public.customers from anon, authenticated;
grant select, insert, update, delete on public.customers to authenticated, service_role;

-- Owners' row counts are skewed; PostgREST's prepared statements would otherwise fall back to
-- generic plans that ignore the owner filter's selectivity. Hosted projects may not allow a
-- migration to alter the authenticator role; the setting is then an optimisation they lack.
do $$
begin
  alter role authenticator set plan_cache_mode = 'force_custom_plan';
exception when insufficient_privilege or undefined_object then
  raise notice 'plan_cache_mode not set for authenticator: %', sqlerrm;
end
$$;

notify pgrst, 'reload schema';
