-- Bug: a customer's timeline entries follow it out by cascade, so a hard delete (by the service,
-- or a function that forgets to be soft) erases the record.
-- Caught by: test/pipeline/pipeline-deletion.e2e-spec.ts
alter table public.activities drop constraint activities_customer_id_fkey,
  add constraint activities_customer_id_fkey foreign key (customer_id)
    references public.customers (id) on delete cascade;
