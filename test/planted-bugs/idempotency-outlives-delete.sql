-- Bug: the copy of a customer kept for Idempotency-Key replays survives its deletion.
-- Caught by: test/customers/idempotency.e2e-spec.ts
drop trigger customers_forget_idempotency on public.customers;
