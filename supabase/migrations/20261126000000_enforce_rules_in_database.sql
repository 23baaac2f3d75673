-- Every rule the API validates holds in the database too: a user's token sent straight to
-- PostgREST (the anon key is public) can do no more than a call through the API.

-- Values ------------------------------------------------------------------------------------

-- Tags as the API takes them: at most 20, each 1 to 50 characters, no nulls, no duplicates.
create function private.customer_tags_valid(tags text[])
returns boolean
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_ndims(tags), 1) = 1
     and cardinality(tags) <= 20
     and array_position(tags, null) is null
     and not exists (select from unnest(tags) as t where char_length(t) not between 1 and 50)
     and cardinality(tags) = (select count(distinct t) from unnest(tags) as t)
$$;

-- A check constraint runs its functions as the writer.
revoke all on function private.customer_tags_valid from public;
grant execute on function private.customer_tags_valid to authenticated, service_role;

alter table public.customers
  drop constraint customers_name_check,
  drop constraint customers_email_check,
  drop constraint customers_tags_check,
  -- Names arrive trimmed (see the trigger below) and are never blank.
  add constraint customers_name_check
    check (char_length(name) between 1 and 200 and name ~ '[^[:space:]]'),
  -- The shape of an address, stored trimmed and in lower case.
  add constraint customers_email_check
    check (char_length(email) <= 320 and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
           and email = lower(email)),
  add constraint customers_tags_check check (private.customer_tags_valid(tags));

-- Ids, creators and timestamps are the database's to set ----------------------------------

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
      new.owner_id := (select auth.uid());
      new.created_at := now();
      new.updated_at := now();
      new.deleted_at := null;
    end if;
  else
    new.id := old.id;
    new.owner_id := old.owner_id;
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

-- Users write the fields the API takes, and nothing else; rows are deleted softly only.
drop policy customers_delete_own on public.customers;
revoke insert, update, delete on public.customers from authenticated;
grant insert (name, email, phone, company, status, tags, notes)
  on public.customers to authenticated;
grant update (name, email, phone, company, status, tags, notes, deleted_at)
  on public.customers to authenticated;

-- Idempotency records: no older than 24 hours, never kept past the customer's deletion -------

alter table private.idempotency_keys
  add column customer_id uuid references public.customers (id) on delete cascade,
  add constraint idempotency_keys_request_hash_check check (char_length(request_hash) <= 128);
update private.idempotency_keys set customer_id = (response ->> 'id')::uuid
 where response ? 'id';
create index idempotency_keys_customer_idx on private.idempotency_keys (customer_id);
create index idempotency_keys_created_idx on private.idempotency_keys (created_at);

-- Whoever deletes a customer may not own the keys that created it: this runs as the definer.
create function private.forget_idempotency_of_deleted_customer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.idempotency_keys where customer_id = new.id;
  return null;
end;
$$;
revoke all on function private.forget_idempotency_of_deleted_customer from public, anon;

create trigger customers_forget_idempotency
after update of deleted_at on public.customers
for each row when (new.deleted_at is not null and old.deleted_at is null)
execute function private.forget_idempotency_of_deleted_customer();

-- Any create sweeps a bounded batch of everyone's expired records.
create function private.purge_expired_idempotency_keys()
returns void
language sql
security definer
set search_path = ''
as $$
  delete from private.idempotency_keys
   where ctid in (select ctid from private.idempotency_keys
                   where created_at < now() - interval '24 hours'
                   order by created_at limit 100);
$$;
revoke all on function private.purge_expired_idempotency_keys from public, anon;
grant execute on function private.purge_expired_idempotency_keys to authenticated;

-- Functions bound what they take from clients ------------------------------------------------

create or replace function public.create_customer(
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

  insert into public.customers (name, email, phone, company, status, tags, notes)
  values (
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

-- Lists: every argument bounded as the API bounds it; page mode reaches at most 10,000 rows
-- deep (deeper pages are for cursors, which cost what the first page does); and the total
-- of a page that is not full is known from the page itself.
create or replace function private.list_customers(
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
  owner uuid := auth.uid();
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
  has_more boolean;
begin
  if owner is null then
    raise exception 'no authenticated user' using errcode = '42501';
  end if;
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

  conditions := array[format('c.owner_id = %L', owner), 'c.deleted_at is null'];
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
      execute format('select count(*) from public.customers c where %s', filters) into total;
    end if;
  end if;
  return jsonb_build_object('data', page, 'total', total, 'has_more', has_more);
end;
$$;

notify pgrst, 'reload schema';
