-- Bug: the update policy forgets the kinds people write, so an author may rewrite what the
-- database recorded about their own change (a "created" entry, say).
-- Caught by: test/timeline/system-entries.e2e-spec.ts
drop policy activities_update on public.activities;
create policy activities_update on public.activities for update to authenticated
  using (
    workspace_id = any ((select private.my_workspace_ids('member'))::uuid[])
    and (actor_id = (select auth.uid()) or (kind = 'task' and assignee_id = (select auth.uid())))
  )
  with check (workspace_id = any ((select private.my_workspace_ids('member'))::uuid[]));
