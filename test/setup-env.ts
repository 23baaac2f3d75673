// Every e2e spec starts from the same valid test environment; the stack's own values win.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.SECRET_KEY ??= 'e2e-secret-key-0123456789-0123456789-abcdef';
process.env.SHUTDOWN_GRACE_MS ??= '0';
process.env.DB_CONNECT_RETRIES ??= '0';
// Specs that are about rate limits set their own; the others must never meet one.
process.env.RATE_LIMIT_PER_IP ??= '1000000';
process.env.RATE_LIMIT_PER_USER ??= '1000000';
