-- Duplicates and one search box.
--
-- 1. Candidate duplicate pairs of companies and of people, kept by triggers in private tables
--    (recomputed for a row when its key fields change, removed when either side is deleted,
--    backfilled here). A query-time self-join over a big workspace costs seconds; a page of
--    kept pairs costs an index scan (bench/companies.mts measures both sizes).
-- 2. public.list_company_duplicates and public.list_customer_duplicates: the pairs, best first,
--    in pages, each with both records.
-- 3. public.search_workspace: people, companies and deals that hold a text, a few of each kind.
--
-- Keys of a duplicate:
-- - companies: the same domain, or one a subdomain of the other (1.0, 0.9); names similar by
--   trigram, similarity at least 0.5 (the score is the similarity).
-- - people: the same email, case-folded (1.0), or the same but for a `+tag` in the local part
--   (`ann+crm@x` and `ann@x`: 0.95); the same phone in E.164 (0.9), for numbers written
--   internationally only (`+44 20 …`, `0044 …`): a national number needs its country, which the
--   database does not know, so it is not compared; names similar by trigram, at least 0.6, of
--   people at the same company who share the first or the last word of their names. A pair's
--   score is its best reason's.
-- Expression indexes rather than generated columns: a column on customers would appear in
-- every answer that returns the row as it is (list_customers returns to_jsonb of the row).

-- Keys ---------------------------------------------------------------------------------------------

create function private.email_key(p_email text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(regexp_replace(lower(btrim(p_email)), '^([^@+]*)\+[^@]*@', '\1@'), '')
$$;

comment on function private.email_key(text) is
  'An email as duplicates compare it: case-folded, without a +tag in the local part.';

create function private.phone_e164(p_phone text)
returns text
language sql
immutable
set search_path = ''
as $$
  -- `+` or `00`, then digits and the usual separators; a `(0)` trunk prefix is dropped.
  select case
    when t ~ '^(\+|00)[0-9 ().\-/]+$' and d ~ '^[1-9][0-9]{6,14}$' then '+' || d
  end
    from (select btrim(p_phone) as t) a,
         lateral (select regexp_replace(
                           regexp_replace(replace(a.t, '(0)', ''), '^(\+|00)', ''),
                           '[^0-9]', '', 'g') as d) b
$$;

comment on function private.phone_e164(text) is
  'A phone written internationally (+ or 00) in E.164, else null: national numbers are not compared.';

create function private.phone_digits(p_phone text)
returns text
language sql
immutable
set search_path = ''
as $$
  select nullif(regexp_replace(p_phone, '[^0-9]', '', 'g'), '')
$$;

comment on function private.phone_digits(text) is
  'The digits of a phone, so that a search for 7946 0958 finds +44 20 7946-0958.';

create function private.name_word(p_name text, p_which integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select lower((regexp_split_to_array(btrim(p_name), '\s+'))[
    case when p_which > 0 then p_which
         else cardinality(regexp_split_to_array(btrim(p_name), '\s+')) + 1 + p_which end])
$$;

comment on function private.name_word(text, integer) is
  'A word of a name in lower case (1 the first, -1 the last): the people whose names are compared.';

revoke all on function private.email_key, private.phone_e164, private.phone_digits,
  private.name_word from public, anon;
grant execute on function private.email_key, private.phone_e164, private.phone_digits,
  private.name_word to authenticated, service_role;

create index customers_workspace_email_key_idx
  on public.customers (workspace_id, private.email_key(email))
  where deleted_at is null and email is not null;
create index customers_workspace_phone_e164_idx
  on public.customers (workspace_id, private.phone_e164(phone))
  where deleted_at is null and private.phone_e164(phone) is not null;
create index customers_company_first_word_idx
  on public.customers (company_id, private.name_word(name, 1))
  where deleted_at is null and company_id is not null;
create index customers_company_last_word_idx
  on public.customers (company_id, private.name_word(name, -1))
  where deleted_at is null and company_id is not null;
create index customers_phone_digits_trgm_idx
  on public.customers using gin (private.phone_digits(phone) extensions.gin_trgm_ops);
create index companies_workspace_domain_reversed_idx
  on public.companies (workspace_id, reverse(domain) text_pattern_ops)
  where deleted_at is null and domain is not null;

-- Pairs --------------------------------------------------------------------------------------------

create table private.company_duplicates (
  workspace_id uuid not null,
  first_id uuid not null,
  second_id uuid not null,
  reasons text[] not null check (reasons <@ array['domain', 'name'] and reasons <> '{}'),
  score real not null check (score > 0 and score <= 1),
  -- Its first columns are the foreign keys' (workspace, first) and serve them.
  primary key (workspace_id, first_id, second_id),
  -- Both in the pair's workspace: a pair never crosses workspaces.
  foreign key (workspace_id, first_id) references public.companies (workspace_id, id)
    on delete cascade,
  foreign key (workspace_id, second_id) references public.companies (workspace_id, id)
    on delete cascade,
  check (first_id < second_id)
);

comment on table private.company_duplicates is
  'Candidate duplicate companies, each pair once (smaller id first), kept by triggers on write.';

create index company_duplicates_page_idx
  on private.company_duplicates (workspace_id, score desc, first_id, second_id);
create index company_duplicates_second_idx on private.company_duplicates (workspace_id, second_id);

create table private.customer_duplicates (
  workspace_id uuid not null,
  first_id uuid not null,
  second_id uuid not null,
  reasons text[] not null
    check (reasons <@ array['email', 'phone', 'name'] and reasons <> '{}'),
  score real not null check (score > 0 and score <= 1),
  primary key (workspace_id, first_id, second_id),
  foreign key (workspace_id, first_id) references public.customers (workspace_id, id)
    on delete cascade,
  foreign key (workspace_id, second_id) references public.customers (workspace_id, id)
    on delete cascade,
  check (first_id < second_id)
);

comment on table private.customer_duplicates is
  'Candidate duplicate people, each pair once (smaller id first), kept by triggers on write.';

create index customer_duplicates_page_idx
  on private.customer_duplicates (workspace_id, score desc, first_id, second_id);
create index customer_duplicates_second_idx on private.customer_duplicates (workspace_id, second_id);

-- Nobody reads these tables directly: the list functions below do, after the role check.
alter table private.company_duplicates enable row level security;
alter table private.customer_duplicates enable row level security;
revoke all on private.company_duplicates, private.customer_duplicates
  from public, anon, authenticated;

-- Keeping the pairs ---------------------------------------------------------------------------------

create function private.refresh_company_duplicates(p_company_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
set pg_trgm.similarity_threshold = 0.5
-- Its plans are cached: made while a table is small (a bulk load), a sequential scan would
-- stay for the whole load and every row would read every other; and each plan is made with the
-- row's values, so that the trigram index is used.
set enable_seqscan = off
set plan_cache_mode = force_custom_plan
as $$
declare
  me public.companies;
  suffixes text[];
begin
  select * into me from public.companies c where c.id = p_company_id;
  if not found then
    return;
  end if;
  delete from private.company_duplicates d
   where d.workspace_id = me.workspace_id and d.first_id = p_company_id;
  delete from private.company_duplicates d
   where d.workspace_id = me.workspace_id and d.second_id = p_company_id;
  if me.deleted_at is not null then
    return;
  end if;
  -- Every parent domain of mine with at least two labels (a.b.acme.com: b.acme.com, acme.com).
  select array_agg(array_to_string(labels[i:], '.'))
    into suffixes
    from (select string_to_array(me.domain, '.') as labels) l,
         generate_series(2, cardinality(l.labels) - 1) i;

  insert into private.company_duplicates (workspace_id, first_id, second_id, reasons, score)
  select me.workspace_id, least(me.id, o.id), greatest(me.id, o.id),
         array_remove(array[
           case when o.domain = me.domain or o.domain = any (suffixes)
                  or o.domain like '%.' || me.domain then 'domain' end,
           case when extensions.similarity(o.name, me.name) >= 0.5 then 'name' end
         ], null),
         greatest(
           case when o.domain = me.domain then 1
                when o.domain = any (suffixes) or o.domain like '%.' || me.domain then 0.9
                else 0 end,
           extensions.similarity(o.name, me.name)
         )
    from public.companies o
   where o.id in (
           select c.id from public.companies c
            where c.workspace_id = me.workspace_id and c.deleted_at is null and c.domain is not null
              and (c.domain = me.domain or c.domain = any (suffixes))
           union
           select c.id from public.companies c
            where c.workspace_id = me.workspace_id and c.deleted_at is null and c.domain is not null
              and reverse(c.domain) like reverse(me.domain) || '.%'
           union
           select c.id from public.companies c
            where c.workspace_id = me.workspace_id and c.deleted_at is null
              and c.name operator(extensions.%) me.name
         )
     and o.id <> me.id
     and o.workspace_id = me.workspace_id
     and o.deleted_at is null
  on conflict (workspace_id, first_id, second_id)
    do update set reasons = excluded.reasons, score = excluded.score;
end;
$$;

comment on function private.refresh_company_duplicates(uuid) is
  'Definer: recomputes one company''s candidate pairs (domain, name) among the live companies of its workspace.';
revoke all on function private.refresh_company_duplicates from public, anon, authenticated;

create function private.refresh_customer_duplicates(p_customer_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
set pg_trgm.similarity_threshold = 0.6
-- Its plans are cached: made while a table is small (a bulk load), a sequential scan would
-- stay for the whole load and every row would read every other; and each plan is made with the
-- row's values, so that the trigram index is used.
set enable_seqscan = off
set plan_cache_mode = force_custom_plan
as $$
declare
  me public.customers;
  named uuid[];
begin
  select * into me from public.customers c where c.id = p_customer_id;
  if not found then
    return;
  end if;
  delete from private.customer_duplicates d
   where d.workspace_id = me.workspace_id and d.first_id = p_customer_id;
  delete from private.customer_duplicates d
   where d.workspace_id = me.workspace_id and d.second_id = p_customer_id;
  if me.deleted_at is not null then
    return;
  end if;
  -- People at the same company with a similar name, among those who share its first or its
  -- last word (blocking keys): comparing every person at a big company costs milliseconds per
  -- row, and a merge moves a thousand people at once (measured: 3.6 s for 1,000 x 1,000).
  if me.company_id is not null then
    -- Two lookups, each on both columns of its index (an OR let the planner read the company).
    select array_agg(s.id) into named
      from (select c.id, c.name from public.customers c
             where c.company_id = me.company_id and c.deleted_at is null
               and private.name_word(c.name, 1) = private.name_word(me.name, 1)
            union
            select c.id, c.name from public.customers c
             where c.company_id = me.company_id and c.deleted_at is null
               and private.name_word(c.name, -1) = private.name_word(me.name, -1)) s
     where extensions.similarity(s.name, me.name) >= 0.6;
  end if;

  insert into private.customer_duplicates (workspace_id, first_id, second_id, reasons, score)
  select me.workspace_id, least(me.id, o.id), greatest(me.id, o.id),
         array_remove(array[
           case when private.email_key(o.email) = private.email_key(me.email) then 'email' end,
           case when private.phone_e164(o.phone) = private.phone_e164(me.phone) then 'phone' end,
           case when o.company_id = me.company_id
                 and extensions.similarity(o.name, me.name) >= 0.6 then 'name' end
         ], null),
         greatest(
           case when o.email = me.email then 1
                when private.email_key(o.email) = private.email_key(me.email) then 0.95
                else 0 end,
           case when private.phone_e164(o.phone) = private.phone_e164(me.phone) then 0.9
                else 0 end,
           case when o.company_id = me.company_id then extensions.similarity(o.name, me.name)
                else 0 end
         )
    from public.customers o
   where o.id in (
           select c.id from public.customers c
            where c.workspace_id = me.workspace_id and c.deleted_at is null
              and c.email is not null
              and private.email_key(c.email) = private.email_key(me.email)
           union
           select c.id from public.customers c
            where c.workspace_id = me.workspace_id and c.deleted_at is null
              and private.phone_e164(c.phone) is not null
              and private.phone_e164(c.phone) = private.phone_e164(me.phone)
           union
           select unnest(named)
         )
     and o.id <> me.id
     and o.workspace_id = me.workspace_id
     and o.deleted_at is null
  on conflict (workspace_id, first_id, second_id)
    do update set reasons = excluded.reasons, score = excluded.score;
end;
$$;

comment on function private.refresh_customer_duplicates(uuid) is
  'Definer: recomputes one person''s candidate pairs (email, E.164 phone, name at the same company) in their workspace.';
revoke all on function private.refresh_customer_duplicates from public, anon, authenticated;

create function private.companies_refresh_duplicates()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_company_duplicates(new.id);
  return null;
end;
$$;

comment on function private.companies_refresh_duplicates() is
  'Definer: keeps a company''s duplicate pairs in step with its name, domain and deletion.';
revoke all on function private.companies_refresh_duplicates from public, anon, authenticated;

create trigger companies_refresh_duplicates_on_insert
  after insert on public.companies
  for each row execute function private.companies_refresh_duplicates();
create trigger companies_refresh_duplicates_on_update
  after update of name, domain, deleted_at on public.companies
  for each row
  when (old.name is distinct from new.name or old.domain is distinct from new.domain
        or old.deleted_at is distinct from new.deleted_at)
  execute function private.companies_refresh_duplicates();

create function private.customers_refresh_duplicates()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_customer_duplicates(new.id);
  return null;
end;
$$;

comment on function private.customers_refresh_duplicates() is
  'Definer: keeps a person''s duplicate pairs in step with their name, email, phone, company and deletion.';
revoke all on function private.customers_refresh_duplicates from public, anon, authenticated;

create trigger customers_refresh_duplicates_on_insert
  after insert on public.customers
  for each row execute function private.customers_refresh_duplicates();
create trigger customers_refresh_duplicates_on_update
  after update of name, email, phone, company_id, deleted_at on public.customers
  for each row
  when (old.name is distinct from new.name or old.email is distinct from new.email
        or old.phone is distinct from new.phone or old.company_id is distinct from new.company_id
        or old.deleted_at is distinct from new.deleted_at)
  execute function private.customers_refresh_duplicates();

-- The rows already there.
do $$
begin
  perform private.refresh_company_duplicates(c.id) from public.companies c where c.deleted_at is null;
  perform private.refresh_customer_duplicates(c.id) from public.customers c where c.deleted_at is null;
end;
$$;

-- Lists of pairs ------------------------------------------------------------------------------------

create function private.list_company_duplicates(
  p_workspace_id uuid,
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
  page_offset integer := coalesce(p_offset, 0);
  -- Only live records have pairs: the triggers remove a record's pairs when it is deleted.
  filters text := format('d.workspace_id = %L', p_workspace_id);
  page jsonb;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  if p_limit is null or p_limit not between 1 and 100 then
    raise exception 'limit must be between 1 and 100' using errcode = '22023';
  end if;
  if page_offset not between 0 and 10000 then
    raise exception 'offset must be between 0 and 10000' using errcode = '22023';
  end if;
  execute format(
    'select coalesce(jsonb_agg(jsonb_build_object(
              %1$L, p.reasons, %2$L, round(p.score::numeric, 3),
              %3$L, (select jsonb_build_object(%5$s) from public.companies c where c.id = p.first_id),
              %4$L, (select jsonb_build_object(%5$s) from public.companies c where c.id = p.second_id))
            order by p.score desc, p.first_id, p.second_id), %6$L::jsonb)
       from (select d.* from private.company_duplicates d where %7$s
              order by d.score desc, d.first_id, d.second_id
              limit %8$s offset %9$s) p',
    'reasons', 'score', 'first', 'second',
    '''id'', c.id, ''name'', c.name, ''domain'', c.domain, ''industry'', c.industry, '
      '''country'', c.country, ''city'', c.city, ''phone'', c.phone, '
      '''created_at'', c.created_at',
    '[]', filters, p_limit + 1, page_offset
  ) into page;
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, null, 'private.company_duplicates d where ' || filters
  );
end;
$$;

comment on function private.list_company_duplicates is
  'Definer: reads the kept pairs of live companies after checking membership itself (viewer, '
  'else 404), best first, and pages through private.list_page_tail.';
revoke all on function private.list_company_duplicates from public, anon;
grant execute on function private.list_company_duplicates to authenticated;

create function public.list_company_duplicates(
  p_workspace_id uuid,
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
  select private.list_company_duplicates(p_workspace_id, p_limit, p_offset, p_with_total)
$$;

comment on function public.list_company_duplicates is
  'Candidate duplicate companies of a workspace, best first, with both records.';
revoke all on function public.list_company_duplicates from public, anon;
grant execute on function public.list_company_duplicates to authenticated;

create function private.list_customer_duplicates(
  p_workspace_id uuid,
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
  page_offset integer := coalesce(p_offset, 0);
  -- Only live records have pairs: the triggers remove a record's pairs when it is deleted.
  filters text := format('d.workspace_id = %L', p_workspace_id);
  page jsonb;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  if p_limit is null or p_limit not between 1 and 100 then
    raise exception 'limit must be between 1 and 100' using errcode = '22023';
  end if;
  if page_offset not between 0 and 10000 then
    raise exception 'offset must be between 0 and 10000' using errcode = '22023';
  end if;
  execute format(
    'select coalesce(jsonb_agg(jsonb_build_object(
              %1$L, p.reasons, %2$L, round(p.score::numeric, 3),
              %3$L, (select jsonb_build_object(%5$s) from public.customers c where c.id = p.first_id),
              %4$L, (select jsonb_build_object(%5$s) from public.customers c where c.id = p.second_id))
            order by p.score desc, p.first_id, p.second_id), %6$L::jsonb)
       from (select d.* from private.customer_duplicates d where %7$s
              order by d.score desc, d.first_id, d.second_id
              limit %8$s offset %9$s) p',
    'reasons', 'score', 'first', 'second',
    '''id'', c.id, ''name'', c.name, ''email'', c.email, ''phone'', c.phone, '
      '''company_id'', c.company_id, ''status'', c.status, ''created_at'', c.created_at',
    '[]', filters, p_limit + 1, page_offset
  ) into page;
  return private.list_page_tail(
    page, p_limit, page_offset, p_with_total, null, 'private.customer_duplicates d where ' || filters
  );
end;
$$;

comment on function private.list_customer_duplicates is
  'Definer: reads the kept pairs of live people after checking membership itself (viewer, '
  'else 404), best first, and pages through private.list_page_tail.';
revoke all on function private.list_customer_duplicates from public, anon;
grant execute on function private.list_customer_duplicates to authenticated;

create function public.list_customer_duplicates(
  p_workspace_id uuid,
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
  select private.list_customer_duplicates(p_workspace_id, p_limit, p_offset, p_with_total)
$$;

comment on function public.list_customer_duplicates is
  'Candidate duplicate people of a workspace, best first, with both records.';
revoke all on function public.list_customer_duplicates from public, anon;
grant execute on function public.list_customer_duplicates to authenticated;

-- Search --------------------------------------------------------------------------------------------

create index companies_workspace_live_idx on public.companies (workspace_id)
  where deleted_at is null;

-- One kind's best matches and their count, capped: `p_source` is "<table> <alias> where
-- <filters>" with every value quoted, `p_fields` the jsonb_build_object arguments, `p_rank` the
-- order. Invoker and not granted: it runs the text its definer caller composed.
create function private.search_kind(
  p_source text,
  p_fields text,
  p_rank text,
  p_limit integer
)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  rows jsonb;
  total bigint;
begin
  execute format(
    'select coalesce(jsonb_agg(r.item order by r.n), %L::jsonb)
       from (select jsonb_build_object(%s) as item, row_number() over (order by %s) as n
               from %s order by %s limit %s) r',
    '[]', p_fields, p_rank, p_source, p_rank, p_limit
  ) into rows;
  if jsonb_array_length(rows) < p_limit then
    total := jsonb_array_length(rows);
  else
    execute format('select count(*) from (select from %s limit 1001) s', p_source) into total;
  end if;
  return jsonb_build_object('data', rows, 'total', least(total, 1001), 'total_exact', total <= 1000);
end;
$$;

revoke all on function private.search_kind from public, anon, authenticated;
comment on function private.search_kind is
  'One kind''s best matches and their count (exact up to 1,000). Invoker and not granted: it '
  'runs the query its definer caller composed.';

create function private.search_workspace(p_workspace_id uuid, p_query text, p_limit integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  query text := btrim(p_query, E' \t\r\n\f\v');
  -- Escape LIKE's own wildcards: the text is searched for as it is.
  pattern text;
  digits text;
  ws text := format('%L', p_workspace_id);
  people_match text;
begin
  perform private.require_role(p_workspace_id, 'viewer');
  if p_limit is null or p_limit not between 1 and 20 then
    raise exception 'limit must be between 1 and 20' using errcode = '22023';
  end if;
  -- Shorter texts cannot use a trigram index: every row of the workspace would be read.
  if query is null or char_length(query) not between 3 and 200 then
    raise exception 'the query must be 3 to 200 characters' using errcode = '22023';
  end if;
  pattern := '%' || replace(replace(replace(query, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  -- A query that is a phone number (digits and separators) also finds phones by their digits.
  if query ~ '^\+?[0-9 ().\-/]+$' then
    digits := private.phone_digits(query);
  end if;

  people_match := format(
    '(c.name ilike %1$L or c.email ilike %1$L or %2$L operator(extensions.<%%) c.name%3$s)',
    pattern, query,
    case when char_length(digits) >= 3
      then format(' or private.phone_digits(c.phone) like %L', '%' || digits || '%')
      else '' end);

  return jsonb_build_object(
    'people', private.search_kind(
      format('public.customers c where c.workspace_id = %s and c.deleted_at is null and %s',
             ws, people_match),
      '''id'', c.id, ''name'', c.name, ''email'', c.email, ''phone'', c.phone, '
        '''company_id'', c.company_id',
      format('(c.name ilike %L) desc, extensions.word_similarity(%L, c.name) desc, c.name, c.id',
             substr(pattern, 2), query),
      p_limit),
    'companies', private.search_kind(
      format('public.companies c where c.workspace_id = %s and c.deleted_at is null
                and (c.name ilike %L or c.domain ilike %L or %L operator(extensions.<%%) c.name)',
             ws, pattern, pattern, query),
      '''id'', c.id, ''name'', c.name, ''domain'', c.domain',
      format('(c.name ilike %L) desc, extensions.word_similarity(%L, c.name) desc, c.name, c.id',
             substr(pattern, 2), query),
      p_limit),
    'deals', private.search_kind(
      format('public.deals d where d.workspace_id = %s and d.deleted_at is null
                and (d.title ilike %L or %L operator(extensions.<%%) d.title)',
             ws, pattern, query),
      '''id'', d.id, ''title'', d.title, ''amount'', d.amount, ''currency'', d.currency, '
        '''stage_id'', d.stage_id, ''company_id'', d.company_id',
      format('(d.title ilike %L) desc, extensions.word_similarity(%L, d.title) desc, d.title, d.id',
             substr(pattern, 2), query),
      p_limit)
  );
end;
$$;

comment on function private.search_workspace is
  'Definer: trigram search under RLS needs it (NOTES.md); checks membership itself (viewer, else '
  '404), finds live people, companies and deals, the text quoted by format(%L), a few of each.';
revoke all on function private.search_workspace from public, anon;
grant execute on function private.search_workspace to authenticated;

create function public.search_workspace(
  p_workspace_id uuid,
  p_query text,
  p_limit integer default 5
)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select private.search_workspace(p_workspace_id, p_query, p_limit)
$$;

comment on function public.search_workspace is
  'People (name, email, phone), companies (name, domain) and deals (title) of a workspace that '
  'hold a text, a few of each kind with a total per kind.';
revoke all on function public.search_workspace from public, anon;
grant execute on function public.search_workspace to authenticated;

notify pgrst, 'reload schema';
