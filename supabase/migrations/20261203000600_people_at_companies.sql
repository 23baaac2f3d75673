-- People at companies: the free-text `company` of a customer becomes a link to a company.
--
-- 1. Data: one company per workspace and distinct trimmed, case-folded name among customers with
--    a non-blank `company` (deleted customers too: they keep their link); each such customer is
--    linked to it, and its timeline keeps the original text. Then the text column goes.
-- 2. A link from a person or a deal names a live company of the same workspace, or is refused
--    with PT422 (straight through PostgREST as through the API).
-- 3. create_customer takes `company_id`; list_customers filters by it and searches name and
--    email; customer and deal lists embed `company: {id, name, domain} | null`.

-- 1. Companies from the free text ----------------------------------------------------------------

-- Names are trimmed as the companies' before-write trigger trims them: none trims to nothing.
create temporary table migrated_companies as
with spelled as (
  select c.workspace_id,
         lower(btrim(c.company, E' \t\r\n\f\v')) as folded,
         btrim(c.company, E' \t\r\n\f\v') as spelling,
         c.created_by,
         row_number() over (
           partition by c.workspace_id, lower(btrim(c.company, E' \t\r\n\f\v'))
           order by c.created_at, c.id
         ) as seq
    from public.customers c
   where btrim(c.company, E' \t\r\n\f\v') ~ '[^[:space:]]'
),
-- The most frequent spelling names it; of equally frequent ones, the one used first.
named as (
  select distinct on (workspace_id, folded) workspace_id, folded, spelling
    from (select workspace_id, folded, spelling, count(*) as uses, min(seq) as first_seq
            from spelled
           group by workspace_id, folded, spelling) s
   order by workspace_id, folded, uses desc, first_seq
)
select gen_random_uuid() as id, n.workspace_id, n.folded, n.spelling as name, e.created_by
  from named n
  join spelled e on e.workspace_id = n.workspace_id and e.folded = n.folded and e.seq = 1;

insert into public.companies (id, workspace_id, name, created_by)
select id, workspace_id, name, created_by from migrated_companies;

-- The link and its timeline entry, without moving `updated_at`: the user triggers are off for
-- this one statement (the before-write trigger would stamp now() and the activity trigger would
-- record the link without the original text); the foreign keys, which are not user triggers,
-- still check every link. The entries are written below, with the text.
alter table public.customers disable trigger user;

create temporary table migrated_links as
with linked as (
  update public.customers c
     set company_id = m.id
    from migrated_companies m
   where m.workspace_id = c.workspace_id
     and m.folded = lower(btrim(c.company, E' \t\r\n\f\v'))
     and btrim(c.company, E' \t\r\n\f\v') ~ '[^[:space:]]'
     and c.company_id is null
  returning c.id, c.workspace_id, c.company, c.company_id
)
select * from linked;

alter table public.customers enable trigger user;

-- One `updated` entry per customer whose text goes, as if a person had moved it to the link.
insert into public.activities (workspace_id, customer_id, actor_id, kind, payload)
select c.workspace_id, c.id, null, 'updated',
       jsonb_build_object('changes',
         jsonb_build_object('company', jsonb_build_object('from', c.company, 'to', null))
         || case when l.id is null then '{}'::jsonb
                 else jsonb_build_object('company_id',
                        jsonb_build_object('from', null, 'to', l.company_id)) end)
  from public.customers c
  left join migrated_links l on l.id = c.id
 where btrim(c.company, E' \t\r\n\f\v') ~ '[^[:space:]]'
 order by c.workspace_id, c.created_at, c.id;

drop table migrated_links;
drop table migrated_companies;

drop index public.customers_company_trgm_idx;
alter table public.customers drop column company;

-- A company's people in list order, for the company filter of list_customers.
create index customers_workspace_company_created_idx
  on public.customers (workspace_id, company_id, created_at desc, id desc)
  where deleted_at is null and company_id is not null;

-- The composite keys of companies.sql had no covering index (the advisors' unindexed foreign
-- key lint): a company's deletion or merge checks them. `if not exists`: the merges migration
-- may add the same ones.
create index if not exists deals_workspace_company_idx on public.deals (workspace_id, company_id);
create index if not exists activities_workspace_company_idx
  on public.activities (workspace_id, company_id);
create index if not exists deal_contacts_workspace_deal_idx
  on public.deal_contacts (workspace_id, deal_id);
create index if not exists deal_contacts_workspace_customer_idx
  on public.deal_contacts (workspace_id, customer_id);

-- 2. Links name a live company of the workspace ---------------------------------------------------

-- The composite foreign key alone answers 23503 for another workspace's company: the trigger
-- answers first, with the same sentence whether the company is elsewhere or nowhere.
create or replace function private.company_link_live()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  linked public.companies;
begin
  if new.company_id is null
     or (tg_op = 'UPDATE' and new.company_id is not distinct from old.company_id) then
    return new;
  end if;
  select * into linked from public.companies c
   where c.id = new.company_id and c.workspace_id = new.workspace_id;
  if not found then
    raise exception 'no such company in this workspace' using errcode = 'PT422';
  end if;
  -- A link made before the company was deleted stays (a deleted company keeps its people).
  if linked.deleted_at is not null then
    raise exception 'the company is deleted: restore it before linking to it'
      using errcode = 'PT422';
  end if;
  return new;
end;
$$;

comment on function private.company_link_live() is
  'Refuses a new link from a person or a deal to a company that is not a live one of its workspace (PT422, same words for elsewhere and nowhere).';

-- The embed every customer and deal read carries.
create function private.company_embed(p_company_id uuid)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('id', c.id, 'name', c.name, 'domain', c.domain)
    from public.companies c
   where c.id = p_company_id
$$;

comment on function private.company_embed(uuid) is
  'The `company: {id, name, domain}` of a customer or deal read; invoker: the caller''s RLS applies.';
revoke all on function private.company_embed from public, anon;
grant execute on function private.company_embed to authenticated;

-- 3. Creates and lists -----------------------------------------------------------------------------

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
      elsif taken.request_hash is distinct from p_request_hash then
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

comment on function public.create_customer is
  'Creates a customer (members and above), at a live company of the workspace if given, with its Idempotency-Key taken in the same transaction.';

drop function public.list_customers(
  uuid, text[], text, timestamptz, timestamptz, text, text, boolean, text, uuid, integer, integer,
  boolean
);
drop function private.list_customers(
  uuid, text[], text, timestamptz, timestamptz, text, text, boolean, text, uuid, integer, integer,
  boolean
);

create function private.list_customers(
  p_workspace_id uuid,
  p_status text[],
  p_tag text,
  p_company_id uuid,
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
  total bigint;
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
  if p_company_id is not null then
    conditions := conditions || format('c.company_id = %L::uuid', p_company_id);
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
      '(c.name ilike %1$L or c.email ilike %1$L)',
      '%' || replace(replace(replace(p_search, '\', '\\'), '%', '\%'), '_', '\_') || '%'
    );
  end if;
  filters := array_to_string(conditions, ' and ');

  -- Keyset: a row comparison on (sort column, id), which a btree index answers directly.
  -- A search reads every match before it sorts, so it counts them in the same pass; plain
  -- lists stop after one page, and count apart. The company is looked up for the page only.
  execute format(
    'select coalesce(jsonb_agg(to_jsonb(p) - %8$L::text[]
                       || jsonb_build_object(%10$L, private.company_embed(p.company_id))
                     order by p.%1$I %2$s, p.id %2$s), %3$L::jsonb),
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
    array['matches', 'merged_into'],
    case when p_with_total and p_search is not null then 'count(*) over ()' else 'null::bigint' end,
    'company'
  ) into page, total;
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, total, 'public.customers c where ' || filters
  );
end;
$$;

comment on function private.list_customers is
  'Customers of a workspace with filters (company too), sort, page or cursor and name/email '
  'search: trigram plans need a definer; checks membership itself (viewer, else 404).';
revoke all on function private.list_customers from public, anon;
grant execute on function private.list_customers to authenticated;

create function public.list_customers(
  p_workspace_id uuid,
  p_status text[] default null,
  p_tag text default null,
  p_company_id uuid default null,
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
    p_workspace_id, p_status, p_tag, p_company_id, p_created_from, p_created_to, p_search,
    p_sort, p_descending, p_after_value, p_after_id, p_limit, p_offset, p_with_total
  )
$$;

comment on function public.list_customers is
  'The exposed entry to private.list_customers: invoker, so the caller''s own rights reach it.';
revoke all on function public.list_customers from public, anon;
grant execute on function public.list_customers to authenticated;

-- Deals carry their company as customers do; same signature, the page's rows gain `company`.
create or replace function private.list_deals(
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
  total bigint;
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
    'select coalesce(jsonb_agg(to_jsonb(p) - %8$L
                       || jsonb_build_object(%10$L, private.company_embed(p.company_id))
                     order by p.%1$I %2$s, p.id %2$s), %3$L::jsonb),
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
    case when p_with_total and p_search is not null then 'count(*) over ()' else 'null::bigint' end,
    'company'
  ) into page, total;
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, total, 'public.deals d where ' || filters
  );
end;
$$;

comment on function private.list_deals is
  'Deals of a workspace with filters, sort, page or cursor and title search, each with its '
  'company embedded; checks membership itself (viewer, else 404).';

notify pgrst, 'reload schema';
