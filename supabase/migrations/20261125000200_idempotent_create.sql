-- Idempotent creates: a client that got no answer (timeout, 503) retries with the same
-- Idempotency-Key and gets the first answer instead of a second customer.
--
-- The key is taken in the same transaction as the row: a concurrent duplicate waits on the
-- key's primary key until the first commits (then replays it) or rolls back (then goes ahead),
-- and a failed create frees its key.

create table private.idempotency_keys (
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  key text not null check (char_length(key) between 1 and 255),
  request_hash text not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (owner_id, key)
);

comment on table private.idempotency_keys is
  'Idempotency-Key of each create, kept 24 hours, with the answer it got.';

create index idempotency_keys_expiry_idx on private.idempotency_keys (owner_id, created_at);

alter table private.idempotency_keys enable row level security;

create policy idempotency_keys_select_own on private.idempotency_keys
  for select to authenticated using ((select auth.uid()) = owner_id);
create policy idempotency_keys_insert_own on private.idempotency_keys
  for insert to authenticated with check ((select auth.uid()) = owner_id);
create policy idempotency_keys_update_own on private.idempotency_keys
  for update to authenticated
  using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);
create policy idempotency_keys_delete_own on private.idempotency_keys
  for delete to authenticated using ((select auth.uid()) = owner_id);

grant select, insert, update, delete on private.idempotency_keys to authenticated;

create function public.create_customer(
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
begin
  if p_idempotency_key is not null then
    delete from private.idempotency_keys
     where owner_id = (select auth.uid()) and created_at < now() - interval '24 hours';
    insert into private.idempotency_keys (key, request_hash)
    values (p_idempotency_key, p_request_hash)
    on conflict (owner_id, key) do nothing;
    if not found then
      select * into taken from private.idempotency_keys
       where owner_id = (select auth.uid()) and key = p_idempotency_key;
      if taken.request_hash is distinct from p_request_hash then
        -- PostgREST answers PTxyz with HTTP xyz.
        raise exception 'idempotency key reused for another request' using errcode = 'PT422';
      end if;
      return jsonb_build_object('replayed', true, 'customer', taken.response);
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
    update private.idempotency_keys set response = to_jsonb(created)
     where owner_id = (select auth.uid()) and key = p_idempotency_key;
  end if;
  return jsonb_build_object('replayed', false, 'customer', to_jsonb(created));
end;
$$;

revoke all on function public.create_customer from public, anon;
grant execute on function public.create_customer to authenticated;

notify pgrst, 'reload schema';
