-- Bug: a member may move rows into another workspace (workspace_id writable, WITH CHECK
-- weakened, trigger no longer pinning it): an unfiltered PATCH moves every row.
-- Caught by: test/database/database-rules.e2e-spec.ts
grant update (workspace_id) on public.customers to authenticated;
alter policy customers_update on public.customers
  using (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]))
  with check ((select auth.uid()) is not null);
create or replace function public.customers_before_write()
returns trigger language plpgsql set search_path = '' as $$
begin
  new.email := nullif(lower(btrim(new.email)), '');
  if tg_op = 'UPDATE' then
    new.id := old.id;
    new.created_at := old.created_at;
    new.updated_at := now();
  end if;
  return new;
end;
$$;
