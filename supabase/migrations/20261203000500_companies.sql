-- Companies and the people at them: the records and links the rest of the feature builds on.
--
-- 1. `companies` of a workspace, soft-deleted and restorable like customers, with their own
--    timeline entries. A live company's domain is unique in its workspace.
-- 2. A customer (a person) names at most one company, a deal names a company and any number of
--    people with their role on it (`deal_contacts`); composite foreign keys keep every link in
--    the deal's or the person's workspace, and a link to a deleted company is refused.
-- 3. `merged_into` on customers and companies: a record merged away stays deleted for good and
--    says where its history went. Only the merge functions set it (no column grant).
-- 4. Timeline entries may be about a company; an entry people write names exactly one subject.

-- Domains ----------------------------------------------------------------------------------------
-- The registrable domain needs the public suffix list, which Postgres does not have: the API
-- reduces a URL or host to it (tldts). The database keeps the part that needs no list, so that a
-- write straight through PostgREST is stored in the same shape: lower case, no scheme, user,
-- path, port, trailing dot or leading `www.`, and an ASCII host name (IDNs in punycode).

create function private.normalize_domain(p_domain text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(
    regexp_replace(
      regexp_replace(
        regexp_replace(
          split_part(split_part(split_part(
            regexp_replace(
              regexp_replace(lower(btrim(p_domain, E' \t\r\n\f\v')), '^[a-z][a-z0-9+.-]*://', ''),
              '^[^/?#]*@', ''),
            '/', 1), '?', 1), '#', 1),
          ':[0-9]*$', ''),
        '\.$', ''),
      '^www\.', ''),
    '')
$$;

comment on function private.normalize_domain(text) is
  'The shape of a stored domain that needs no public suffix list: lower case, host only, no www.';

revoke all on function private.normalize_domain from public, anon;
grant execute on function private.normalize_domain to authenticated, service_role;

-- Companies --------------------------------------------------------------------------------------

create table public.companies (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200 and name ~ '[^[:space:]]'),
  domain text check (
    char_length(domain) <= 253
    and domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])$'
  ),
  industry text check (char_length(industry) between 1 and 100),
  employees integer check (employees between 0 and 10000000),
  country text check (country ~ '^[A-Z]{2}$'),
  city text check (char_length(city) between 1 and 200),
  phone text check (char_length(phone) <= 50),
  tags text[] not null default '{}' check (private.customer_tags_valid(tags)),
  notes text check (char_length(notes) <= 10000),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  merged_into uuid,
  unique (workspace_id, id),
  foreign key (workspace_id, merged_into) references public.companies (workspace_id, id),
  check (merged_into is null or deleted_at is not null),
  check (merged_into <> id)
);

comment on table public.companies is
  'Organisations a workspace sells to; soft-deleted rows can be restored unless merged into another.';
comment on column public.companies.domain is
  'Registrable domain (the API reduces URLs and hosts with the public suffix list), unique among live companies.';
comment on column public.companies.country is 'ISO 3166-1 alpha-2 code.';
comment on column public.companies.merged_into is
  'The company this one was merged into: set by the merge only, and the record stays deleted.';

create unique index companies_workspace_domain_key on public.companies (workspace_id, domain)
  where deleted_at is null and domain is not null;
create index companies_workspace_idx on public.companies (workspace_id);
create index companies_workspace_created_idx on public.companies (workspace_id, created_at desc, id desc)
  where deleted_at is null;
create index companies_workspace_updated_idx on public.companies (workspace_id, updated_at desc, id desc)
  where deleted_at is null;
create index companies_workspace_name_idx on public.companies (workspace_id, name, id)
  where deleted_at is null;
create index companies_workspace_industry_idx on public.companies (workspace_id, lower(industry))
  where deleted_at is null;
create index companies_workspace_country_idx on public.companies (workspace_id, country)
  where deleted_at is null;
create index companies_tags_idx on public.companies using gin (tags);
create index companies_name_trgm_idx on public.companies using gin (name extensions.gin_trgm_ops);
create index companies_domain_trgm_idx on public.companies using gin (domain extensions.gin_trgm_ops);
create index companies_created_by_idx on public.companies (created_by);
create index companies_merged_into_idx on public.companies (workspace_id, merged_into)
  where merged_into is not null;

alter table public.companies enable row level security;

create policy companies_select on public.companies for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
create policy companies_insert on public.companies for insert to authenticated
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
create policy companies_update on public.companies for update to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

comment on policy companies_select on public.companies is
  'Every member, viewers too, reads the workspace''s companies, deleted ones included (restore).';
comment on policy companies_insert on public.companies is
  'Members and above add companies, only to a workspace where they may write.';
comment on policy companies_update on public.companies is
  'Members and above edit, soft-delete and restore companies; no delete policy: nothing is erased.';

revoke all on public.companies from anon, authenticated;
grant select on public.companies to authenticated;
grant insert (workspace_id, name, domain, industry, employees, country, city, phone, tags, notes)
  on public.companies to authenticated;
grant update (name, domain, industry, employees, country, city, phone, tags, notes, deleted_at)
  on public.companies to authenticated;
grant select, insert, update, delete on public.companies to service_role;

create function private.companies_before_write()
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
  new.name := btrim(new.name, E' \t\r\n\f\v');
  new.domain := private.normalize_domain(new.domain);
  new.industry := nullif(btrim(new.industry, E' \t\r\n\f\v'), '');
  new.city := nullif(btrim(new.city, E' \t\r\n\f\v'), '');
  new.country := upper(btrim(new.country));
  if tg_op = 'INSERT' then
    -- Rows from API users are theirs, new and live; set-up and migrations keep what they give.
    if current_user in ('anon', 'authenticated') then
      new.id := gen_random_uuid();
      new.created_by := (select auth.uid());
      new.created_at := now();
      new.updated_at := now();
      new.deleted_at := null;
      new.merged_into := null;
    end if;
  else
    new.id := old.id;
    new.workspace_id := old.workspace_id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    new.updated_at := now();
    if current_user in ('anon', 'authenticated') then
      new.merged_into := old.merged_into;
    end if;
    if old.merged_into is not null and new.deleted_at is null then
      raise exception 'the company was merged into another: it cannot be restored'
        using errcode = 'PT409', detail = old.merged_into::text;
    end if;
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

comment on function private.companies_before_write() is
  'Normalises a company and pins its id, workspace, author and times; a merged company stays deleted.';

create trigger companies_before_write
  before insert or update on public.companies
  for each row execute function private.companies_before_write();

-- Timeline entries about companies ---------------------------------------------------------------

alter type public.activity_kind add value 'merged';

alter table public.activities add column company_id uuid;
alter table public.activities
  add constraint activities_company_fkey foreign key (workspace_id, company_id)
  references public.companies (workspace_id, id);
alter table public.activities drop constraint activities_check;
alter table public.activities
  add constraint activities_has_subject check (num_nonnulls(customer_id, deal_id, company_id) >= 1);
comment on constraint activities_has_subject on public.activities is
  'Every entry is about a customer, a deal or a company.';
create index activities_company_idx on public.activities (company_id, id desc);
grant insert (company_id) on public.activities to authenticated;

create function private.record_company_activity(
  p_workspace_id uuid,
  p_company_id uuid,
  p_kind public.activity_kind,
  p_payload jsonb
)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.activities (workspace_id, company_id, actor_id, kind, payload)
  values (p_workspace_id, p_company_id, (select auth.uid()), p_kind, p_payload)
$$;

comment on function private.record_company_activity(uuid, uuid, public.activity_kind, jsonb) is
  'The insert of a company''s timeline entries, as the acting user; its triggers and merges call it.';
revoke all on function private.record_company_activity from public, anon, authenticated;

create function private.companies_record_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  bookkeeping constant text[] := array['id', 'workspace_id', 'created_by', 'created_at',
                                       'updated_at', 'deleted_at', 'merged_into'];
  changes jsonb;
begin
  if tg_op = 'INSERT' then
    perform private.record_company_activity(new.workspace_id, new.id, 'created',
      jsonb_build_object('company', to_jsonb(new) - bookkeeping));
    return null;
  end if;
  if old.deleted_at is null and new.deleted_at is not null then
    perform private.record_company_activity(new.workspace_id, new.id, 'deleted', '{}');
  elsif old.deleted_at is not null and new.deleted_at is null then
    perform private.record_company_activity(new.workspace_id, new.id, 'restored', '{}');
  end if;
  changes := private.changed_fields(to_jsonb(old), to_jsonb(new), bookkeeping);
  if changes <> '{}' then
    perform private.record_company_activity(new.workspace_id, new.id, 'updated',
      jsonb_build_object('changes', changes));
  end if;
  return null;
end;
$$;

comment on function private.companies_record_activity() is
  'Writes the timeline entry of every company change in its transaction; clients cannot write these.';
revoke all on function private.companies_record_activity from public, anon, authenticated;

create trigger companies_record_activity
  after insert or update on public.companies
  for each row execute function private.companies_record_activity();

-- An entry people write names exactly one subject of the workspace, now a company too.
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
    -- The API stores one subject (a deal's entry shows on its customer's and company's timeline).
    if num_nonnulls(new.customer_id, new.deal_id, new.company_id) > 1 then
      raise exception 'an entry is about a customer, a deal or a company: one of them'
        using errcode = 'PT422';
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
    if new.company_id is not null and not exists (
      select from public.companies c
       where c.id = new.company_id and c.workspace_id = new.workspace_id and c.deleted_at is null
    ) then
      raise exception 'no such company in this workspace' using errcode = 'PT404';
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

-- People and deals at a company -------------------------------------------------------------------

alter table public.customers add constraint customers_workspace_id_id_key unique (workspace_id, id);
alter table public.deals add constraint deals_workspace_id_id_key unique (workspace_id, id);

alter table public.customers add column company_id uuid;
alter table public.customers add column merged_into uuid;
alter table public.customers
  add constraint customers_company_fkey foreign key (workspace_id, company_id)
  references public.companies (workspace_id, id);
alter table public.customers
  add constraint customers_merged_into_fkey foreign key (workspace_id, merged_into)
  references public.customers (workspace_id, id);
alter table public.customers
  add constraint customers_merged_is_deleted check (merged_into is null or deleted_at is not null);
alter table public.customers
  add constraint customers_not_merged_into_itself check (merged_into <> id);
comment on column public.customers.company_id is 'The company the person is at, of the same workspace.';
comment on column public.customers.merged_into is
  'The customer this one was merged into: set by the merge only, and the record stays deleted.';
create index customers_company_idx on public.customers (company_id);
create index customers_merged_into_idx on public.customers (workspace_id, merged_into)
  where merged_into is not null;
grant insert (company_id), update (company_id) on public.customers to authenticated;

alter table public.deals add column company_id uuid;
alter table public.deals
  add constraint deals_company_fkey foreign key (workspace_id, company_id)
  references public.companies (workspace_id, id);
comment on column public.deals.company_id is 'The company the deal is with, of the same workspace.';
create index deals_company_idx on public.deals (company_id);
grant insert (company_id), update (company_id) on public.deals to authenticated;

create function private.company_link_live()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- A link made before the company was deleted stays (a deleted company keeps its people).
  if new.company_id is not null
     and (tg_op = 'INSERT' or new.company_id is distinct from old.company_id)
     and exists (
       select from public.companies c where c.id = new.company_id and c.deleted_at is not null
     ) then
    raise exception 'the company is deleted: restore it before linking to it'
      using errcode = 'PT422';
  end if;
  return new;
end;
$$;

comment on function private.company_link_live() is
  'Refuses a new link from a person or a deal to a deleted company; the foreign key keeps it in the workspace.';
revoke all on function private.company_link_live from public, anon, authenticated;

create trigger customers_company_link_live
  before insert or update of company_id on public.customers
  for each row execute function private.company_link_live();
create trigger deals_company_link_live
  before insert or update of company_id on public.deals
  for each row execute function private.company_link_live();

-- A merged-away person stays deleted for good; only the merge sets merged_into.
create function private.merged_stays_deleted()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user in ('anon', 'authenticated') then
    new.merged_into := old.merged_into;
  end if;
  if old.merged_into is not null and new.deleted_at is null then
    raise exception 'the record was merged into another: it cannot be restored'
      using errcode = 'PT409', detail = old.merged_into::text;
  end if;
  return new;
end;
$$;

comment on function private.merged_stays_deleted() is
  'Keeps a merged-away customer deleted and its merged_into as the merge wrote it.';

create trigger customers_merged_stays_deleted
  before update on public.customers
  for each row execute function private.merged_stays_deleted();

-- Contacts on a deal -------------------------------------------------------------------------------

create type public.deal_contact_role as enum
  ('decision_maker', 'champion', 'influencer', 'user', 'other');

create table public.deal_contacts (
  workspace_id uuid not null,
  deal_id uuid not null,
  customer_id uuid not null,
  role public.deal_contact_role not null default 'other',
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (deal_id, customer_id),
  foreign key (workspace_id, deal_id) references public.deals (workspace_id, id) on delete cascade,
  foreign key (workspace_id, customer_id) references public.customers (workspace_id, id)
    on delete cascade
);

comment on table public.deal_contacts is
  'The people on a deal and their role on it, all of the deal''s workspace.';

create index deal_contacts_customer_idx on public.deal_contacts (customer_id);
create index deal_contacts_workspace_idx on public.deal_contacts (workspace_id);
create index deal_contacts_created_by_idx on public.deal_contacts (created_by);

alter table public.deal_contacts enable row level security;

create policy deal_contacts_select on public.deal_contacts for select to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('viewer'))::uuid[]));
create policy deal_contacts_insert on public.deal_contacts for insert to authenticated
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
create policy deal_contacts_update on public.deal_contacts for update to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
create policy deal_contacts_delete on public.deal_contacts for delete to authenticated
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));

comment on policy deal_contacts_select on public.deal_contacts is
  'Every member, viewers too, reads who is on the workspace''s deals.';
comment on policy deal_contacts_insert on public.deal_contacts is
  'Members and above put people on deals; the keys keep both in the workspace.';
comment on policy deal_contacts_update on public.deal_contacts is
  'Members and above change a contact''s role on a deal (the only column they may update).';
comment on policy deal_contacts_delete on public.deal_contacts is
  'Members and above take a person off a deal: a link, not a record, so it is removed.';

revoke all on public.deal_contacts from anon, authenticated;
grant select, delete on public.deal_contacts to authenticated;
grant insert (workspace_id, deal_id, customer_id, role) on public.deal_contacts to authenticated;
grant update (role) on public.deal_contacts to authenticated;
grant select, insert, update, delete on public.deal_contacts to service_role;

create function private.deal_contacts_before_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' then
    -- A deleted account's foreign key sets the author to null: that, and nothing else, changes.
    if new.created_by is null and private.account_deleted(old.created_by) then
      new := old;
      new.created_by := null;
      return new;
    end if;
    if new.role is not distinct from old.role then
      return new;
    end if;
    new.workspace_id := old.workspace_id;
    new.deal_id := old.deal_id;
    new.customer_id := old.customer_id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
    new.updated_at := now();
    return new;
  end if;
  if current_setting('role', true) in ('anon', 'authenticated') then
    new.created_by := (select auth.uid());
    new.created_at := now();
    new.updated_at := now();
  end if;
  -- The deal's lock orders concurrent adds, so the bound below holds.
  perform from public.deals d
   where d.id = new.deal_id and d.workspace_id = new.workspace_id and d.deleted_at is null
     for no key update;
  if not found then
    raise exception 'no such deal in this workspace' using errcode = 'PT404';
  end if;
  if not exists (
    select from public.customers c
     where c.id = new.customer_id and c.workspace_id = new.workspace_id and c.deleted_at is null
  ) then
    raise exception 'the customer is not a live one of this workspace' using errcode = 'PT422';
  end if;
  if (select count(*) from public.deal_contacts dc where dc.deal_id = new.deal_id) >= 100 then
    raise exception 'a deal has at most 100 contacts' using errcode = 'PT422';
  end if;
  return new;
end;
$$;

comment on function private.deal_contacts_before_write() is
  'Puts live people of the workspace on a live deal of it, at most 100, and pins everything but the role.';
revoke all on function private.deal_contacts_before_write from public, anon, authenticated;

create trigger deal_contacts_before_write
  before insert or update on public.deal_contacts
  for each row execute function private.deal_contacts_before_write();
