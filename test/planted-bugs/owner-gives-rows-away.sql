-- Bug: an owner may hand rows to another user (owner writable, WITH CHECK weakened, trigger no
-- longer pinning the owner): an unfiltered PATCH /rest/v1/customers moves every row.
-- Caught by: test/database-rules.e2e-spec.ts
grant update (owner_id) on public.customers to authenticated;
alter policy customers_update_own on public.customers
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) is not null);
create or replace function public.customers_before_write()
returns trigger language plpgsql set search_path = '' as $$
begin
  new.email := nullif(lower(btrim(new.email)), '');
  new.name := btrim(new.name, E' \t\r\n\f\v');
  if tg_op = 'UPDATE' then
    new.id := old.id;
    new.created_at := old.created_at;
    new.updated_at := now();
  end if;
  return new;
end;
$$;
