-- Bug: statements of signed-in users run for ever.
-- Caught by: test/database/database-rules.e2e-spec.ts
alter role authenticated reset statement_timeout;
