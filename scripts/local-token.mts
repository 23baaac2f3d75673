// npm run local:token -- <email>: creates that user in the local auth.users (the local stack has
// no Auth server) and prints an access token for it, as local Supabase Auth issues them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import pg from 'pg';
import LOCAL from '../src/config/local-supabase.json' with { type: 'json' };
import { LOCAL_PROJECT, signAccessToken } from './lib/keys.ts';
import { ROOT } from './local-stack/stack.mts';

const LOCAL_DATABASE_ADMIN_URL = LOCAL.databaseAdminUrl;

const HELP = `Usage: npm run local:token -- <email> [--minutes N] [--hs256]

Creates (or finds) the user with that email in the local stack's auth.users and prints an
access token for it, as local Supabase Auth issues them: ES256 with the Supabase CLI's local
signing key, audience "authenticated", issuer <SUPABASE_URL>/auth/v1, and the email claim.
--hs256 signs with the legacy SUPABASE_JWT_SECRET instead.
Reads DATABASE_ADMIN_URL (a role that may write auth.users; default the local stack's superuser,
${LOCAL_DATABASE_ADMIN_URL}), SUPABASE_URL and ACCESS_TOKEN_EXPIRE_MINUTES from the
environment, .env or .env.example. (DATABASE_URL is the app's: it may not write.)`;

const args = process.argv.slice(2);
const email = args
  .find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--minutes')
  ?.trim()
  .toLowerCase();
if (args.includes('--help') || !email) {
  process.stdout.write(`${HELP}\n`);
  process.exit(email ? 0 : 2);
}
if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
  process.stderr.write(`not an email address: ${email}\n`);
  process.exit(2);
}

const env: Record<string, string | undefined> = {
  ...(['.env.example', '.env'] as const).reduce(
    (acc, name) => ({
      ...acc,
      ...(existsSync(join(ROOT, name))
        ? parse(readFileSync(join(ROOT, name)))
        : {}),
    }),
    {} as Record<string, string>,
  ),
  ...process.env,
};
const minutesFlag = args.indexOf('--minutes');
const minutes = Number(
  minutesFlag >= 0
    ? args[minutesFlag + 1]
    : (env.ACCESS_TOKEN_EXPIRE_MINUTES ?? 60),
);
const supabaseUrl = (env.SUPABASE_URL ?? 'http://127.0.0.1:54321').replace(
  /\/+$/,
  '',
);

const client = new pg.Client({
  connectionString: env.DATABASE_ADMIN_URL ?? LOCAL_DATABASE_ADMIN_URL,
});
try {
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `insert into auth.users (email) values ($1)
     on conflict (email) do update set updated_at = now()
     returning id`,
    [email],
  );
  const token = await signAccessToken(
    {
      userId: rows[0].id,
      email,
      issuer: `${supabaseUrl}/auth/v1`,
      expiresAt: Math.floor(Date.now() / 1000) + minutes * 60,
    },
    args.includes('--hs256')
      ? {
          alg: 'HS256',
          secret: env.SUPABASE_JWT_SECRET ?? LOCAL_PROJECT.jwtSecret,
        }
      : { alg: 'ES256', jwk: LOCAL_PROJECT.signingKey },
  );
  process.stderr.write(
    `user ${rows[0].id} <${email}>, token valid ${minutes} min\n`,
  );
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(
    `could not reach the local database: ${error instanceof Error ? error.message : String(error)}\nIs the stack running (npm run dev or npm run local:stack)?\n`,
  );
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
}
