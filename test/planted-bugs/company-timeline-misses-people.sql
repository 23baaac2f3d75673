-- Bug: a company's timeline leaves out the entries of the people at it.
-- Caught by: test/companies/companies-list.e2e-spec.ts
create or replace function private.list_activities(
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
