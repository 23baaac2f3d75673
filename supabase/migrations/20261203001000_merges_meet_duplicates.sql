-- Two things found when companies, merges and duplicates met.
--
-- 1. A merge of a company moved each of its people with an update that the duplicate pairs'
--    trigger followed row by row (about 1 ms a person: 1,000 people took over a second). While a
--    merge moves rows, that trigger now waits, and the merge recomputes the pairs that can have
--    changed: a person merged away and the survivor; for a company, the people who came over
--    and share a name word with one of the survivor's own people.
-- 2. An Idempotency-Key that created a company could replay that company as a customer when the
--    same key came with the same body to `create_customer` (the request hash covers the
--    workspace and the body, which can be equal); `create_company` already refused the reverse.

-- 1. Merges and duplicate pairs ----------------------------------------------------------------

drop trigger customers_refresh_duplicates_on_update on public.customers;
create trigger customers_refresh_duplicates_on_update
  after update of name, email, phone, company_id, deleted_at on public.customers
  for each row
  when ((old.name is distinct from new.name or old.email is distinct from new.email
         or old.phone is distinct from new.phone or old.company_id is distinct from new.company_id
         or old.deleted_at is distinct from new.deleted_at)
        and not private.merging())
  execute function private.customers_refresh_duplicates();

create or replace function private.merge_companies(p_survivor_id uuid, p_duplicate_id uuid)
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
  moved_people uuid[];
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

  with came as (
    update public.customers p set company_id = survivor.id where p.company_id = duplicate.id
    returning p.id
  )
  select coalesce(array_agg(came.id), '{}') into moved_people from came;
  people := cardinality(moved_people);
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
  -- A person who came over may resemble one of the survivor's own people (a similar name at
  -- the same company): only those sharing a name word with one of them are recomputed.
  perform private.refresh_customer_duplicates(m.id)
     from public.customers m
    where m.id = any (moved_people) and m.deleted_at is null
      and exists (
        select from public.customers s
         where s.company_id = survivor.id and s.deleted_at is null
           and not (s.id = any (moved_people))
           and (private.name_word(s.name, 1) = private.name_word(m.name, 1)
                or private.name_word(s.name, -1) = private.name_word(m.name, -1)));
  perform set_config('crm.merging', 'off', true);
  return private.company_json(survivor) || jsonb_build_object('moved', moved);
end;
$$;


create or replace function private.merge_customers(p_survivor_id uuid, p_duplicate_id uuid)
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
  -- Their pairs, once each: the duplicate has none left, the survivor's keys may have grown.
  perform private.refresh_customer_duplicates(duplicate.id);
  perform private.refresh_customer_duplicates(survivor.id);
  perform set_config('crm.merging', 'off', true);
  return private.customer_json(survivor) || jsonb_build_object('moved', moved);
end;
$$;


-- 2. A customer's key is not a company's ---------------------------------------------------------

create or replace function public.create_customer(
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
  answer jsonb;
  field text;
begin
  if jsonb_typeof(p_customer) is distinct from 'object' or octet_length(p_customer::text) > 65536 then
    raise exception 'the customer must be a JSON object of at most 64 KiB' using errcode = '22023';
  end if;
  for field in select jsonb_object_keys(p_customer) loop
    if field not in ('name', 'email', 'phone', 'company_id', 'status', 'tags', 'notes') then
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
      elsif taken.request_hash is distinct from p_request_hash or taken.company_id is not null then
        -- PostgREST answers PTxyz with HTTP xyz.
        raise exception 'idempotency key reused for another request' using errcode = 'PT422';
      else
        return jsonb_build_object('replayed', true, 'customer', taken.response);
      end if;
    end if;
  end if;

  insert into public.customers (workspace_id, name, email, phone, company_id, status, tags, notes)
  values (
    p_workspace_id,
    p_customer ->> 'name',
    p_customer ->> 'email',
    p_customer ->> 'phone',
    (p_customer ->> 'company_id')::uuid,
    coalesce(p_customer ->> 'status', 'lead'),
    coalesce(
      (select array_agg(tag) from jsonb_array_elements_text(p_customer -> 'tags') as tag),
      '{}'
    ),
    p_customer ->> 'notes'
  )
  returning * into created;

  answer := to_jsonb(created) - 'merged_into'
    || jsonb_build_object('company', private.company_embed(created.company_id));
  if p_idempotency_key is not null then
    update private.idempotency_keys set response = answer, customer_id = created.id
     where owner_id = (select auth.uid()) and key = p_idempotency_key;
  end if;
  return jsonb_build_object('replayed', false, 'customer', answer);
end;
$$;

