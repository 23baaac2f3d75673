-- Bug: the authorship a deleted account's foreign key may blank is blanked for anyone who sets
-- it to null (the trigger no longer asks whether the account is gone), and the column is
-- writable: a member erases who created a customer.
-- Caught by: test/workspaces/account-deletion.e2e-spec.ts
grant update (created_by) on public.customers to authenticated;
do $$
declare
  original text := pg_get_functiondef('public.customers_before_write'::regproc);
  body text;
begin
  body := replace(original,
    'new.created_by is null and private.account_deleted(old.created_by)',
    'new.created_by is null');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
