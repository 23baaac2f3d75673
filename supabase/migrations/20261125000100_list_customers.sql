-- Listing customers: filters, sort, page or keyset cursor, and search, in one call.
--
-- Why a function and not PostgREST filters: under RLS the planner may not use trigram indexes
-- for ILIKE (it is not leakproof), PostgREST's `or=` keyset form sorts every older row, and its
-- prepared statements fall back to generic plans that ignore how skewed owners are. This
-- function runs as its owner in a schema the API does not expose, filters on the caller
-- (auth.uid()) itself, and plans each query with its actual values (EXECUTE). Client input
-- only ever arrives as literals quoted by format(%L); the sort column comes from a whitelist.

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to authenticated;

create function private.list_customers(
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
  conditions text[];
  filters text;
  page jsonb;
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
    greatest(coalesce(p_offset, 0), 0),
    'matches',
    case when p_with_total and p_search is not null then 'count(*) over ()' else 'null::bigint' end
  ) into page, total;
  has_more := jsonb_array_length(page) > p_limit;
  if has_more then
    page := page - p_limit;
  end if;

  if p_with_total and total is null then
    execute format('select count(*) from public.customers c where %s', filters) into total;
  end if;
  return jsonb_build_object('data', page, 'total', total, 'has_more', has_more);
end;
$$;

revoke all on function private.list_customers from public, anon;
grant execute on function private.list_customers to authenticated;

-- What PostgREST exposes: runs as the caller and hands over to the function above.
create function public.list_customers(
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
    p_status, p_tag, p_created_from, p_created_to, p_search, p_sort, p_descending,
    p_after_value, p_after_id, p_limit, p_offset, p_with_total
  )
$$;

revoke all on function public.list_customers from public, anon;
grant execute on function public.list_customers to authenticated;

notify pgrst, 'reload schema';
