-- Bug: the trigger that pins a deal's author undoes the foreign key's `on delete set null`, so
-- deals keep naming an account that no longer exists.
-- Caught by: test/workspaces/account-deletion.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.deals_before_write'::regproc);
  body text;
begin
  body := replace(original,
    'if tg_op = ''UPDATE'' and new.created_by is null and private.account_deleted(old.created_by) then',
    'if false then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
