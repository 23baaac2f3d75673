-- Bug: an Idempotency-Key that created a customer replays the customer as a created company.
-- Caught by: test/companies/companies.e2e-spec.ts
create or replace function public.create_company(
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
      elsif taken.request_hash is distinct from p_request_hash then
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
