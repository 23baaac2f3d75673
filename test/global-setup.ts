import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { CURRENT_KEY_NAMES } from '../scripts/lib/stack-env';
import { startLocalStack } from './support/local-stack';

declare global {
  var __LOCAL_STACK__: Awaited<ReturnType<typeof startLocalStack>> | undefined;
}

/** One real stack (Postgres, PostgREST, gateway) for the whole e2e run. */
export default async function globalSetup(): Promise<void> {
  const stack = await startLocalStack();
  globalThis.__LOCAL_STACK__ = stack;
  // Specs run in band in this process, so they see these: the current key model (publishable
  // and secret keys, ES256 tokens). test/runtime/legacy-keys.e2e-spec.ts tries the legacy one.
  for (const name of CURRENT_KEY_NAMES) process.env[name] = stack.env[name];
  // The superuser, for set-up only (test/support/database.ts); the apps get DATABASE_URL.
  process.env.DATABASE_ADMIN_URL = stack.env.DATABASE_ADMIN_URL;
  process.env.CRM_STACK_DATA_DIR = stack.dataDir;
  // `npm run planted-bugs` plants one bug in the schema (test/planted-bugs/*.sql) and expects
  // the specs to catch it.
  const planted = process.env.CRM_PLANT_SQL;
  if (planted) {
    const db = new Client({ connectionString: stack.env.DATABASE_ADMIN_URL });
    await db.connect();
    try {
      await db.query(readFileSync(planted, 'utf8'));
      await db.query(
        `notify pgrst, 'reload schema'; notify pgrst, 'reload config'`,
      );
    } finally {
      await db.end();
    }
    await sleep(1000);
  }
}
