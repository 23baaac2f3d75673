-- Bug: an Idempotency-Key that created a company replays that company as a new customer.
-- Caught by: test/customers/idempotency.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('public.create_customer'::regproc);
  body text;
begin
  body := replace(original, ' or taken.company_id is not null then', ' then');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
