-- Bug: a deal takes any number of contacts.
-- Caught by: test/database/companies-rules.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.deal_contacts_before_write'::regproc);
  body text;
begin
  body := replace(original, 'dc.deal_id = new.deal_id) >= 100 then', 'dc.deal_id = new.deal_id) >= 100000 then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
