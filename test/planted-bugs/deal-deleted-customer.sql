-- Bug: a deal may be linked to a deleted customer (on insert or when its customer changes).
-- Caught by: test/pipeline/deleted-customers.e2e-spec.ts
do $$
declare
  original text := pg_get_functiondef('private.deals_before_write'::regproc);
  body text;
begin
  body := replace(original, 'where c.id = new.customer_id and c.deleted_at is not null',
                  'where c.id = new.customer_id and false');
  if body = original then
    raise exception 'the bug was not planted: the function changed';
  end if;
  execute body;
end;
$$;
