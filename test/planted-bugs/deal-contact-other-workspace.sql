-- Bug: a deal's contact may be a person of another workspace (the check and the key name no workspace).
-- Caught by: test/pipeline/deal-contacts.e2e-spec.ts, test/database/catalog-routes.e2e-spec.ts
alter table public.deal_contacts
  drop constraint deal_contacts_workspace_id_customer_id_fkey,
  add constraint deal_contacts_customer_id_fkey foreign key (customer_id)
    references public.customers (id) on delete cascade;
do $$
declare
  original text := pg_get_functiondef('private.deal_contacts_before_write'::regproc);
  body text;
begin
  body := original;
  body := replace(body,
    'where c.id = new.customer_id and c.workspace_id = new.workspace_id and c.deleted_at is null',
    'where c.id = new.customer_id and c.deleted_at is null');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
