-- Bug: list_companies stops checking membership: anyone reads any workspace's companies.
-- Caught by: test/companies/companies.e2e-spec.ts, test/companies/companies-list.e2e-spec.ts
create or replace function private.list_companies(
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
