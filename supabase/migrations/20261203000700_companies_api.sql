-- The companies API: what the routes under /workspaces/{id}/companies need from the database.
--
-- 1. A live company's domain is free in its workspace, said in words (PT409) on every write,
--    straight through PostgREST too; the unique index stays the last word under concurrency.
-- 2. public.create_company: a company and its Idempotency-Key in one transaction, exactly as
--    create_customer; a key is forgotten when the company it created is deleted.
-- 3. public.list_companies: filters, sort, page or cursor and search in one definer call, in
--    the shape of list_customers (trigram plans under RLS need a definer, NOTES.md).
-- 4. list_activities takes a company: its own entries, its current people's and its deals'.
-- 5. The foreign keys to a company, indexed.

-- A live domain is taken once ----------------------------------------------------------------

create function private.companies_domain_free()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Runs after companies_before_write (trigger order is by name): the domain is normalised.
  if new.domain is not null and new.deleted_at is null
     and (tg_op = 'INSERT' or old.deleted_at is not null or new.domain is distinct from old.domain)
     and exists (
       select from public.companies c
        where c.workspace_id = new.workspace_id and c.domain = new.domain
          and c.deleted_at is null and c.id <> new.id
     ) then
    raise exception 'a live company of this workspace already has this domain'
      using errcode = 'PT409';
  end if;
  return new;
end;
$$;

comment on function private.companies_domain_free() is
  'Names the rule when a live company of the workspace already has the domain (a create, an edit or a restore); the partial unique index backs it.';
revoke all on function private.companies_domain_free from public, anon, authenticated;

create trigger companies_domain_free
  before insert or update of domain, deleted_at on public.companies
  for each row execute function private.companies_domain_free();

-- The links to a company, indexed as their foreign keys read them -----------------------------
-- (workspace_id, company_id): what the company's people and deals lists filter on, and the
-- leading columns the foreign keys of 0500 need (the advisors' unindexed_foreign_keys lint).

create index if not exists customers_workspace_company_idx
  on public.customers (workspace_id, company_id);
create index if not exists deals_workspace_company_idx on public.deals (workspace_id, company_id);
create index if not exists activities_workspace_company_idx
  on public.activities (workspace_id, company_id);

-- Idempotency keys of companies --------------------------------------------------------------

alter table private.idempotency_keys add column company_id uuid;
comment on column private.idempotency_keys.company_id is
  'The company the key created: deleting it forgets the key, as for customers.';
create index idempotency_keys_company_idx on private.idempotency_keys (company_id);

create function private.forget_idempotency_of_deleted_company()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.idempotency_keys where company_id = new.id;
  return null;
end;
$$;

comment on function private.forget_idempotency_of_deleted_company() is
  'Deleting a company deletes the keys that created it, whoever owns them (so a definer).';
revoke all on function private.forget_idempotency_of_deleted_company from public, anon, authenticated;

create trigger companies_forget_idempotency
  after update of deleted_at on public.companies
  for each row when (new.deleted_at is not null and old.deleted_at is null)
  execute function private.forget_idempotency_of_deleted_company();

-- Create ---------------------------------------------------------------------------------------

create function public.create_company(
  p_workspace_id uuid,
  p_company jsonb,
  p_idempotency_key text default null,
  p_request_hash text default null
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  taken private.idempotency_keys;
  created public.companies;
  field text;
begin
  if jsonb_typeof(p_company) is distinct from 'object' or octet_length(p_company::text) > 65536 then
    raise exception 'the company must be a JSON object of at most 64 KiB' using errcode = '22023';
  end if;
  for field in select jsonb_object_keys(p_company) loop
    if field not in ('name', 'domain', 'industry', 'employees', 'country', 'city', 'phone',
                     'tags', 'notes') then
      raise exception 'unknown company field' using errcode = '22023';
    end if;
    if field not in ('tags', 'employees')
       and jsonb_typeof(p_company -> field) not in ('string', 'null') then
      raise exception 'company fields are strings' using errcode = '22023';
    end if;
  end loop;
  if p_company ? 'employees' and jsonb_typeof(p_company -> 'employees') not in ('number', 'null') then
    raise exception 'employees is a number' using errcode = '22023';
  end if;
  if p_company ? 'tags' and (
       jsonb_typeof(p_company -> 'tags') <> 'array'
       or exists (select from jsonb_array_elements(p_company -> 'tags') as t
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
      elsif taken.request_hash is distinct from p_request_hash or taken.customer_id is not null then
        -- A key that created a customer is another request, whatever its hash.
        -- PostgREST answers PTxyz with HTTP xyz.
        raise exception 'idempotency key reused for another request' using errcode = 'PT422';
      else
        return jsonb_build_object('replayed', true, 'company', taken.response);
      end if;
    end if;
  end if;

  insert into public.companies
    (workspace_id, name, domain, industry, employees, country, city, phone, tags, notes)
  values (
    p_workspace_id,
    p_company ->> 'name',
    p_company ->> 'domain',
    p_company ->> 'industry',
    (p_company ->> 'employees')::integer,
    p_company ->> 'country',
    p_company ->> 'city',
    p_company ->> 'phone',
    coalesce(
      (select array_agg(tag) from jsonb_array_elements_text(p_company -> 'tags') as tag),
      '{}'
    ),
    p_company ->> 'notes'
  )
  returning * into created;

  if p_idempotency_key is not null then
    update private.idempotency_keys
       set response = to_jsonb(created) - 'merged_into', company_id = created.id
     where owner_id = (select auth.uid()) and key = p_idempotency_key;
  end if;
  return jsonb_build_object('replayed', false, 'company', to_jsonb(created) - 'merged_into');
end;
$$;

comment on function public.create_company(uuid, jsonb, text, text) is
  'Creates a company (members and above) with its Idempotency-Key taken in the same transaction.';
revoke all on function public.create_company from public, anon;
grant execute on function public.create_company to authenticated;

-- List -----------------------------------------------------------------------------------------

create function private.list_companies(
  p_workspace_id uuid,
  p_tag text,
  p_industries text[],
  p_countries text[],
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
     or cardinality(p_industries) > 20
     or exists (select from unnest(p_industries) i where char_length(i) not between 1 and 100)
     or cardinality(p_countries) > 50
     or exists (select from unnest(p_countries) c where c !~ '^[A-Za-z]{2}$') then
    raise exception 'a filter is out of bounds' using errcode = '22023';
  end if;

  conditions := array[format('c.workspace_id = %L', p_workspace_id), 'c.deleted_at is null'];
  if p_tag is not null then
    conditions := conditions || format('c.tags @> array[%L]', p_tag);
  end if;
  if p_industries is not null then
    conditions := conditions || format('lower(c.industry) = any (%L::text[])',
      (select array_agg(lower(btrim(i))) from unnest(p_industries) i));
  end if;
  if p_countries is not null then
    conditions := conditions || format('c.country = any (%L::text[])',
      (select array_agg(upper(c)) from unnest(p_countries) c));
  end if;
  if p_search is not null then
    -- Escape LIKE's own wildcards: the text is searched for as it is.
    conditions := conditions || format(
      '(c.name ilike %1$L or c.domain ilike %1$L)',
      '%' || replace(replace(replace(p_search, '\', '\\'), '%', '\%'), '_', '\_') || '%'
    );
  end if;
  filters := array_to_string(conditions, ' and ');

  -- Keyset: a row comparison on (sort column, id), which a btree index answers directly.
  execute format(
    'select coalesce(jsonb_agg(to_jsonb(p) - %8$L::text[] order by p.%1$I %2$s, p.id %2$s), %3$L::jsonb),
            max(p.matches)
       from (select c.*, %9$s as matches from public.companies c
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
    case when p_with_total and p_search is not null then 'count(*) over ()' else 'null::bigint' end
  ) into page, total;
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, total, 'public.companies c where ' || filters
  );
end;
$$;

comment on function private.list_companies is
  'Definer: trigram search under RLS needs it (NOTES.md); checks membership itself (viewer, '
  'else 404), plans each query with its values, and pages through private.list_page_tail.';
revoke all on function private.list_companies from public, anon;
grant execute on function private.list_companies to authenticated;

create function public.list_companies(
  p_workspace_id uuid,
  p_tag text default null,
  p_industries text[] default null,
  p_countries text[] default null,
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
  select private.list_companies(
    p_workspace_id, p_tag, p_industries, p_countries, p_search, p_sort, p_descending,
    p_after_value, p_after_id, p_limit, p_offset, p_with_total
  )
$$;

comment on function public.list_companies is
  'Companies of a workspace with filters, sort, page or cursor and search: trigram plans need a definer.';
revoke all on function public.list_companies from public, anon;
grant execute on function public.list_companies to authenticated;

-- The timeline of a company --------------------------------------------------------------------

drop function public.list_activities(
  uuid, uuid, uuid, public.activity_kind[], uuid, timestamptz, timestamptz, bigint, integer);
drop function private.list_activities(
  uuid, uuid, uuid, public.activity_kind[], uuid, timestamptz, timestamptz, bigint, integer);

create function private.list_activities(
  p_workspace_id uuid,
  p_customer_id uuid,
  p_deal_id uuid,
  p_company_id uuid,
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
  filters text;
  source text;
  page jsonb;
  people uuid[];
  company_deals uuid[];
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
  if p_company_id is not null and not exists (
    select from public.companies c where c.id = p_company_id and c.workspace_id = p_workspace_id
  ) then
    raise exception 'no such company in this workspace' using errcode = 'PT404';
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
  filters := array_to_string(conditions, ' and ');
  if p_customer_id is not null then
    -- The customer's entries and its deals': two index scans merged (an OR of the two would
    -- read the whole workspace's timeline). With a company as well, filters meet: the
    -- customer's own entries while they are at it, and the deals of both.
    source := format(
      '((select * from public.activities a where %1$s and a.customer_id = %2$L %5$s
          order by a.id desc limit %3$s)
        union
        (select * from public.activities a where %1$s and a.deal_id = any (array(
            select d.id from public.deals d
             where d.customer_id = %2$L and d.workspace_id = %4$L %6$s))
          order by a.id desc limit %3$s))',
      filters, p_customer_id, p_limit + 1, p_workspace_id,
      case when p_company_id is not null then format(
        'and exists (select from public.customers c where c.id = %L and c.company_id = %L)',
        p_customer_id, p_company_id) else '' end,
      case when p_company_id is not null then format('and d.company_id = %L', p_company_id)
        else '' end);
  elsif p_company_id is not null then
    -- The company's own entries, its current people's and its deals': three index scans. The
    -- people and deals go in as values: behind a subquery the planner cannot tell how few
    -- they are and walks the workspace's whole timeline instead (company-plans spec).
    select coalesce(array_agg(c.id), '{}') into people from public.customers c
     where c.company_id = p_company_id and c.workspace_id = p_workspace_id;
    select coalesce(array_agg(d.id), '{}') into company_deals from public.deals d
     where d.company_id = p_company_id and d.workspace_id = p_workspace_id;
    source := format(
      '((select * from public.activities a where %1$s and a.company_id = %2$L
          order by a.id desc limit %3$s)
        union
        (select * from public.activities a where %1$s and a.customer_id = any (%4$L::uuid[])
          order by a.id desc limit %3$s)
        union
        (select * from public.activities a where %1$s and a.deal_id = any (%5$L::uuid[])
          order by a.id desc limit %3$s))',
      filters, p_company_id, p_limit + 1, people, company_deals);
  else
    source := format('(select * from public.activities a where %s order by a.id desc limit %s)',
      filters, p_limit + 1);
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

comment on function private.list_activities is
  'The timeline of a workspace, customer, deal or company, newest first, for viewers and up, planned per call.';
revoke all on function private.list_activities from public, anon;
grant execute on function private.list_activities to authenticated;

create function public.list_activities(
  p_workspace_id uuid,
  p_customer_id uuid default null,
  p_deal_id uuid default null,
  p_company_id uuid default null,
  p_kinds public.activity_kind[] default null,
  p_actor_id uuid default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_before_id bigint default null,
  p_limit integer default 50
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.list_activities(
    p_workspace_id, p_customer_id, p_deal_id, p_company_id, p_kinds, p_actor_id, p_from, p_to,
    p_before_id, p_limit
  )
$$;

comment on function public.list_activities is
  'The timeline of a workspace, customer, deal or company, newest first, for viewers and up, planned per call.';
revoke all on function public.list_activities from public, anon;
grant execute on function public.list_activities to authenticated;

notify pgrst, 'reload schema';
