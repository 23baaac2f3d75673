-- Merges of duplicate companies and people, and the timeline of a deal's contacts.
--
-- 1. `merge_companies` and `merge_customers` fold a duplicate into a survivor of the same
--    workspace in one transaction: both rows locked in id order, everything that points at the
--    duplicate moved to the survivor, the survivor's empty fields filled from the duplicate, tags
--    united (the survivor's first, then the duplicate's new ones while fewer than 20; the rest
--    are dropped and named in the entry), the duplicate soft-deleted with `merged_into`, and ONE
--    `merged` entry on the survivor's timeline saying what was taken and how many rows moved.
-- 2. The rows a merge moves write no entry of their own and may change their subject: the merge
--    sets `crm.merging` for its transaction, and the timeline triggers step aside only while it is
--    on AND the statement runs as a definer (never as `anon` or `authenticated`). No exposed
--    function sets it, and PostgREST sets no setting a client names.
-- 3. A new link to a merged-away record (a person at a company, a deal's company or person, a
--    contact, a timeline entry) is refused under the record's row lock, so a link racing a merge
--    either lands before it (and is moved) or waits and is refused: no row is left pointing at a
--    merged-away record.
-- 4. Each contact put on a deal, taken off it or given another role writes an `updated` entry
--    on the deal's timeline: `changes.contacts` with `from` and `to` (`{customer_id, role}`).

-- The merging switch -----------------------------------------------------------------------------

create function private.merging()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(current_setting('crm.merging', true), '') = 'on'
     and current_user not in ('anon', 'authenticated')
$$;

comment on function private.merging() is
  'Whether a merge is moving rows in this transaction: the setting only counts inside a definer, never as an API role.';
-- Trigger conditions call it as the writer.
revoke all on function private.merging from public, anon;
grant execute on function private.merging to authenticated, service_role;

-- Moved rows are not edits: no entry per person, deal or company, and entries change subject.
drop trigger customers_record_activity on public.customers;
create trigger customers_record_activity after insert or update on public.customers
for each row when (not private.merging())
execute function private.customers_record_activity();

drop trigger deals_record_activity on public.deals;
create trigger deals_record_activity after insert or update on public.deals
for each row when (not private.merging())
execute function private.deals_record_activity();

drop trigger companies_record_activity on public.companies;
create trigger companies_record_activity after insert or update on public.companies
for each row when (not private.merging())
execute function private.companies_record_activity();

drop trigger activities_before_update on public.activities;
create trigger activities_before_update before update on public.activities
for each row when (not private.merging())
execute function private.activities_before_update();

-- The merge writes its `merged` entry itself (not from a trigger): like the triggers' entries,
-- it is not held to what clients may write.
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
  if pg_trigger_depth() = 1 and current_setting('role', true) in ('anon', 'authenticated')
     and not private.merging() then
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
  'Hands out timeline ids in commit order per workspace, notifies the feed, and pins what clients write: one subject of the workspace, theirs, now (a merge''s own entry aside).';

-- No new link to a merged-away record ----------------------------------------------------------

-- The arguments name the columns to check; `company_id` names a company, the others a person.
create function private.refuse_link_to_merged()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  after jsonb := to_jsonb(new);
  before jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) end;
  link text;
  target uuid;
  merged uuid;
begin
  foreach link in array tg_argv loop
    target := (after ->> link)::uuid;
    continue when target is null or target::text is not distinct from (before ->> link);
    merged := null;
    -- The key-share lock waits for a merge of the target in progress, then reads its outcome.
    if link = 'company_id' then
      select c.merged_into into merged from public.companies c where c.id = target for key share;
      if merged is not null then
        raise exception 'the company was merged into another' using errcode = 'PT422',
          detail = merged::text;
      end if;
    else
      select c.merged_into into merged from public.customers c where c.id = target for key share;
      if merged is not null then
        raise exception 'the customer was merged into another' using errcode = 'PT422',
          detail = merged::text;
      end if;
    end if;
  end loop;
  return new;
end;
$$;

comment on function private.refuse_link_to_merged() is
  'Refuses a new link to a merged-away company or person, under its row lock so a concurrent merge is seen.';
revoke all on function private.refuse_link_to_merged from public, anon, authenticated;

-- Named to fire before each table's other before-triggers: the linked record's lock comes first,
-- as in a merge (records, then rows, then the timeline's workspace lock), so the two never wait
-- on each other in a circle. A merge links rows to the live survivor it holds locked itself.
create trigger customers_about_unmerged before insert or update of company_id on public.customers
for each row when (new.company_id is not null and not private.merging())
execute function private.refuse_link_to_merged('company_id');
create trigger deals_about_unmerged
before insert or update of company_id, customer_id on public.deals
for each row when (num_nonnulls(new.company_id, new.customer_id) > 0 and not private.merging())
execute function private.refuse_link_to_merged('company_id', 'customer_id');
create trigger deal_contacts_about_unmerged
before insert or update of customer_id on public.deal_contacts
for each row when (not private.merging())
execute function private.refuse_link_to_merged('customer_id');
create trigger activities_about_unmerged before insert on public.activities
for each row when (num_nonnulls(new.company_id, new.customer_id) > 0 and not private.merging())
execute function private.refuse_link_to_merged('company_id', 'customer_id');

-- The survivor a merge links rows to is live and locked: no check per moved row.
drop trigger customers_company_link_live on public.customers;
create trigger customers_company_link_live
before insert or update of company_id on public.customers
for each row when (not private.merging())
execute function private.company_link_live();
drop trigger deals_company_link_live on public.deals;
create trigger deals_company_link_live
before insert or update of company_id on public.deals
for each row when (not private.merging())
execute function private.company_link_live();

-- Merges -----------------------------------------------------------------------------------------

-- The survivor's tags, then the duplicate's new ones in their order, at most 20 in all.
create function private.united_tags(p_kept text[], p_added text[])
returns table (tags text[], added text[], dropped text[])
language sql
immutable
set search_path = ''
as $$
  with fresh as (
    select coalesce(array_agg(t order by n), '{}') as new_tags
      from unnest(p_added) with ordinality as u(t, n)
     where t <> all (p_kept)
  ), room as (
    select greatest(20 - cardinality(p_kept), 0) as n
  )
  select p_kept || fresh.new_tags[1:room.n], fresh.new_tags[1:room.n],
         coalesce(fresh.new_tags[room.n + 1:], '{}')
    from fresh, room
$$;

comment on function private.united_tags(text[], text[]) is
  'A merge''s tags: the survivor''s, then the duplicate''s new ones while fewer than 20; the rest are dropped.';
revoke all on function private.united_tags from public, anon, authenticated;

-- A company as the API reads it.
create function private.company_json(p_company public.companies)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p_company.id, 'workspace_id', p_company.workspace_id, 'name', p_company.name,
    'domain', p_company.domain, 'industry', p_company.industry,
    'employees', p_company.employees, 'country', p_company.country, 'city', p_company.city,
    'phone', p_company.phone, 'tags', p_company.tags, 'notes', p_company.notes,
    'created_by', p_company.created_by, 'created_at', p_company.created_at,
    'updated_at', p_company.updated_at, 'deleted_at', p_company.deleted_at)
$$;

comment on function private.company_json(public.companies) is
  'A company in the shape the API reads it (merged_into is the merge''s own bookkeeping).';
revoke all on function private.company_json from public, anon, authenticated;

-- Folds `p_duplicate_id` into `p_survivor_id`, both live companies of one workspace.
create function private.merge_companies(p_survivor_id uuid, p_duplicate_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  workspace uuid;
  survivor public.companies;
  duplicate public.companies;
  united record;
  taken jsonb;
  moved jsonb;
  people integer;
  deals integer;
  entries integer;
begin
  select c.workspace_id into workspace from public.companies c where c.id = p_survivor_id;
  if workspace is null or private.my_role(workspace) is null then
    raise exception 'no such company in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(workspace, 'member');
  if p_duplicate_id = p_survivor_id then
    raise exception 'a company cannot be merged into itself' using errcode = 'PT422';
  end if;
  -- Both rows in id order: merges of one pair, either way round, queue instead of deadlocking.
  perform from public.companies c
   where c.id in (p_survivor_id, p_duplicate_id) and c.workspace_id = workspace
   order by c.id
     for update;
  select * into survivor from public.companies c where c.id = p_survivor_id;
  select * into duplicate from public.companies c
   where c.id = p_duplicate_id and c.workspace_id = workspace;
  if survivor.merged_into is not null then
    raise exception 'the company was merged into another' using errcode = 'PT404',
      detail = survivor.merged_into::text;
  end if;
  if duplicate.merged_into is not null then
    raise exception 'the duplicate was merged into another' using errcode = 'PT404',
      detail = duplicate.merged_into::text;
  end if;
  if survivor.deleted_at is not null or duplicate.id is null or duplicate.deleted_at is not null then
    raise exception 'no such company in this workspace' using errcode = 'PT404';
  end if;

  perform set_config('crm.merging', 'on', true);
  -- Deleted first: the survivor may then take its domain (unique among live companies).
  update public.companies c set deleted_at = now(), merged_into = survivor.id
   where c.id = duplicate.id;
  taken := jsonb_strip_nulls(jsonb_build_object(
    'domain', case when survivor.domain is null then duplicate.domain end,
    'industry', case when survivor.industry is null then duplicate.industry end,
    'employees', case when survivor.employees is null then duplicate.employees end,
    'country', case when survivor.country is null then duplicate.country end,
    'city', case when survivor.city is null then duplicate.city end,
    'phone', case when survivor.phone is null then duplicate.phone end,
    'notes', case when survivor.notes is null then duplicate.notes end));
  select * into united from private.united_tags(survivor.tags, duplicate.tags);
  update public.companies c
     set domain = coalesce(c.domain, duplicate.domain),
         industry = coalesce(c.industry, duplicate.industry),
         employees = coalesce(c.employees, duplicate.employees),
         country = coalesce(c.country, duplicate.country),
         city = coalesce(c.city, duplicate.city),
         phone = coalesce(c.phone, duplicate.phone),
         notes = coalesce(c.notes, duplicate.notes),
         tags = united.tags
   where c.id = survivor.id
  returning * into survivor;

  update public.customers p set company_id = survivor.id where p.company_id = duplicate.id;
  get diagnostics people = row_count;
  update public.deals d set company_id = survivor.id where d.company_id = duplicate.id;
  get diagnostics deals = row_count;
  update public.activities a set company_id = survivor.id where a.company_id = duplicate.id;
  get diagnostics entries = row_count;
  -- Companies merged into the duplicate earlier now point at where it went.
  update public.companies c set merged_into = survivor.id where c.merged_into = duplicate.id;

  moved := jsonb_build_object('people', people, 'deals', deals, 'activities', entries);
  perform private.record_company_activity(workspace, survivor.id, 'merged', jsonb_build_object(
    'duplicate', jsonb_build_object('id', duplicate.id, 'name', duplicate.name),
    'taken', taken, 'tags_added', to_jsonb(united.added), 'tags_dropped', to_jsonb(united.dropped),
    'moved', moved));
  perform set_config('crm.merging', 'off', true);
  return private.company_json(survivor) || jsonb_build_object('moved', moved);
end;
$$;

comment on function private.merge_companies(uuid, uuid) is
  'Members fold a duplicate company into a survivor of its workspace: people, deals and timeline move, one merged entry.';

-- A person as the API reads it, with their company's id, name and domain.
create function private.customer_json(p_customer public.customers)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p_customer.id, 'workspace_id', p_customer.workspace_id,
    'created_by', p_customer.created_by, 'name', p_customer.name, 'email', p_customer.email,
    'phone', p_customer.phone, 'status', p_customer.status, 'tags', p_customer.tags,
    'notes', p_customer.notes, 'company_id', p_customer.company_id,
    'company', (select jsonb_build_object('id', c.id, 'name', c.name, 'domain', c.domain)
                  from public.companies c where c.id = p_customer.company_id),
    'created_at', p_customer.created_at, 'updated_at', p_customer.updated_at,
    'deleted_at', p_customer.deleted_at)
$$;

comment on function private.customer_json(public.customers) is
  'A person in the shape the API reads them, their company embedded: the merge answers with it.';
revoke all on function private.customer_json from public, anon, authenticated;

-- Folds `p_duplicate_id` into `p_survivor_id`, both live people of one workspace.
create function private.merge_customers(p_survivor_id uuid, p_duplicate_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  workspace uuid;
  survivor public.customers;
  duplicate public.customers;
  company_live boolean;
  united record;
  taken jsonb;
  moved jsonb;
  deals integer;
  contacts integer;
  kept_contacts integer;
  entries integer;
begin
  select c.workspace_id into workspace from public.customers c where c.id = p_survivor_id;
  if workspace is null or private.my_role(workspace) is null then
    raise exception 'no such customer in this workspace' using errcode = 'PT404';
  end if;
  perform private.require_role(workspace, 'member');
  if p_duplicate_id = p_survivor_id then
    raise exception 'a customer cannot be merged into itself' using errcode = 'PT422';
  end if;
  -- Both rows in id order: merges of one pair, either way round, queue instead of deadlocking.
  perform from public.customers c
   where c.id in (p_survivor_id, p_duplicate_id) and c.workspace_id = workspace
   order by c.id
     for update;
  select * into survivor from public.customers c where c.id = p_survivor_id;
  select * into duplicate from public.customers c
   where c.id = p_duplicate_id and c.workspace_id = workspace;
  if survivor.merged_into is not null then
    raise exception 'the customer was merged into another' using errcode = 'PT404',
      detail = survivor.merged_into::text;
  end if;
  if duplicate.merged_into is not null then
    raise exception 'the duplicate was merged into another' using errcode = 'PT404',
      detail = duplicate.merged_into::text;
  end if;
  if survivor.deleted_at is not null or duplicate.id is null or duplicate.deleted_at is not null then
    raise exception 'no such customer in this workspace' using errcode = 'PT404';
  end if;
  -- A deleted or merged-away company is not linked anew: the survivor takes none then.
  perform from public.companies c
   where c.id = duplicate.company_id and c.deleted_at is null
     for key share;
  company_live := found;

  perform set_config('crm.merging', 'on', true);
  -- Deleted first: the survivor may then take the email (unique among live people).
  update public.customers c set deleted_at = now(), merged_into = survivor.id
   where c.id = duplicate.id;
  taken := jsonb_strip_nulls(jsonb_build_object(
    'email', case when survivor.email is null then duplicate.email end,
    'phone', case when survivor.phone is null then duplicate.phone end,
    'company_id', case when survivor.company_id is null and company_live
                       then duplicate.company_id end,
    'notes', case when survivor.notes is null then duplicate.notes end));
  select * into united from private.united_tags(survivor.tags, duplicate.tags);
  update public.customers c
     set email = coalesce(c.email, duplicate.email),
         phone = coalesce(c.phone, duplicate.phone),
         company_id = coalesce(c.company_id, (taken ->> 'company_id')::uuid),
         notes = coalesce(c.notes, duplicate.notes),
         tags = united.tags
   where c.id = survivor.id
  returning * into survivor;

  update public.deals d set customer_id = survivor.id where d.customer_id = duplicate.id;
  get diagnostics deals = row_count;
  -- On a deal with both, the survivor's row and role stay; the duplicate's goes.
  delete from public.deal_contacts dc
   where dc.customer_id = duplicate.id
     and exists (select from public.deal_contacts s
                  where s.deal_id = dc.deal_id and s.customer_id = survivor.id);
  get diagnostics kept_contacts = row_count;
  update public.deal_contacts dc set customer_id = survivor.id where dc.customer_id = duplicate.id;
  get diagnostics contacts = row_count;
  update public.activities a set customer_id = survivor.id where a.customer_id = duplicate.id;
  get diagnostics entries = row_count;
  -- People merged into the duplicate earlier now point at where it went.
  update public.customers c set merged_into = survivor.id where c.merged_into = duplicate.id;

  moved := jsonb_build_object('deals', deals, 'deal_contacts', contacts, 'activities', entries);
  perform private.record_activity(workspace, survivor.id, null, 'merged', jsonb_build_object(
    'duplicate', jsonb_build_object('id', duplicate.id, 'name', duplicate.name),
    'taken', taken, 'tags_added', to_jsonb(united.added), 'tags_dropped', to_jsonb(united.dropped),
    'moved', moved, 'deal_contacts_already_there', kept_contacts));
  perform set_config('crm.merging', 'off', true);
  return private.customer_json(survivor) || jsonb_build_object('moved', moved);
end;
$$;

comment on function private.merge_customers(uuid, uuid) is
  'Members fold a duplicate person into a survivor of its workspace: deals, contacts and timeline move, one merged entry.';

revoke all on function private.merge_companies, private.merge_customers from public, anon;
grant execute on function private.merge_companies, private.merge_customers to authenticated;

-- What PostgREST exposes: each runs as the caller and hands over to the function above.
create function public.merge_companies(p_survivor_id uuid, p_duplicate_id uuid)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.merge_companies(p_survivor_id, p_duplicate_id) $$;

create function public.merge_customers(p_survivor_id uuid, p_duplicate_id uuid)
returns jsonb language sql volatile security invoker set search_path = ''
as $$ select private.merge_customers(p_survivor_id, p_duplicate_id) $$;

comment on function public.merge_companies(uuid, uuid) is
  'Members merge a duplicate company into a survivor of the same workspace, in one transaction.';
comment on function public.merge_customers(uuid, uuid) is
  'Members merge a duplicate person into a survivor of the same workspace, in one transaction.';

revoke all on function public.merge_companies, public.merge_customers from public, anon;
grant execute on function public.merge_companies, public.merge_customers to authenticated;

-- The timeline of a deal's contacts -------------------------------------------------------------

create function private.deal_contacts_record_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  before jsonb;
  after jsonb;
  subject public.deal_contacts;
begin
  if tg_op = 'DELETE' then
    -- A cascade (the workspace going) leaves nothing to record.
    if pg_trigger_depth() > 1 then
      return null;
    end if;
    subject := old;
  else
    subject := new;
  end if;
  if tg_op = 'UPDATE' and new.role is not distinct from old.role then
    return null;
  end if;
  if tg_op <> 'INSERT' then
    before := jsonb_build_object('customer_id', old.customer_id, 'role', old.role);
  end if;
  if tg_op <> 'DELETE' then
    after := jsonb_build_object('customer_id', new.customer_id, 'role', new.role);
  end if;
  perform private.record_activity(subject.workspace_id, null, subject.deal_id, 'updated',
    jsonb_build_object('changes', jsonb_build_object('contacts',
      jsonb_build_object('from', before, 'to', after))));
  return null;
end;
$$;

comment on function private.deal_contacts_record_activity() is
  'Writes the deal''s timeline entry for each contact added, removed or given another role; clients cannot write these.';
revoke all on function private.deal_contacts_record_activity from public, anon, authenticated;

create trigger deal_contacts_record_activity after insert or update or delete on public.deal_contacts
for each row when (not private.merging())
execute function private.deal_contacts_record_activity();
