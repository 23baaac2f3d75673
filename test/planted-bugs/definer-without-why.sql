-- Bug: a definer function and a policy ship without saying why they exist (no comment on).
-- Caught by: test/tooling/schema-doc.e2e-spec.ts
create function private.unexplained_count(p_workspace_id uuid)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$ select count(*) from public.customers c where c.workspace_id = p_workspace_id $$;
revoke all on function private.unexplained_count from public, anon;
grant execute on function private.unexplained_count to authenticated;
create policy customers_unexplained on public.customers as restrictive
  for select to authenticated using (true);
