-- One list contract in SQL as in the API (src/common/list-limits.ts): the paging tail every
-- page list shares lives in one function, private.list_page_tail, and list_customers and
-- list_deals hand their page to it. Same signatures, same grants, same answers as before.

-- The tail of a page list: the page query read one row more than asked (p_limit + 1), which
-- says whether another page follows; page mode adds the total, exact as deep as page mode
-- reaches (10,000 rows, src/common/list-limits.ts MAX_PAGE_OFFSET) and "more than 10,000"
-- (10,001, total_exact false) past that, since counting every row of a big workspace would
-- cost far more than the page itself. p_total: the total when the page query counted it (a
-- search reads every match anyway); p_count_source: what to count otherwise, a caller's own
-- "<table> <alias> where <filters>" with every value quoted. It runs that text, so it is
-- invoker, and only the definer list functions (its owner) may call it.
create function private.list_page_tail(
  p_rows jsonb,
  p_limit integer,
  p_offset integer,
  p_with_total boolean,
  p_total bigint,
  p_count_source text
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  page_rows integer := jsonb_array_length(p_rows);
  has_more boolean := page_rows > p_limit;
  total bigint := p_total;
  total_exact boolean := true;
begin
  if p_with_total and total is null then
    if not has_more and (page_rows > 0 or p_offset = 0) then
      -- The last page: everything before it, and what it holds.
      total := p_offset + page_rows;
    else
      execute format('select count(*) from (select from %s limit 10001) s', p_count_source)
        into total;
      total_exact := total <= 10000;
    end if;
  end if;
  return jsonb_build_object(
    'data', case when has_more then p_rows - p_limit else p_rows end,
    'total', total,
    'total_exact', total_exact,
    'has_more', has_more
  );
end;
$$;

revoke all on function private.list_page_tail from public, anon, authenticated;

comment on function private.list_page_tail is
  'The paging tail of every page list (has_more from the extra row; the total of page mode, '
  'exact up to 10,000 rows, else 10,001 and not exact). Invoker and not granted: it runs the '
  'count its definer caller composed.';

-- Lists: a workspace's customers, to its members only, as before; the tail is the shared one.
create or replace function private.list_customers(
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
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, total, 'public.customers c where ' || filters
  );
end;
$$;

comment on function private.list_customers is
  'Definer: trigram search under RLS needs it (NOTES.md); checks membership itself (viewer, '
  'else 404), plans each query with its values, and pages through private.list_page_tail.';

-- Lists of deals, as lists of customers; the tail is the shared one.
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
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, total, 'public.deals d where ' || filters
  );
end;
$$;

comment on function private.list_deals is
  'Definer: plans each query with its values and the workspace explicit; checks membership '
  'itself (viewer, else 404), and pages through private.list_page_tail.';

notify pgrst, 'reload schema';
