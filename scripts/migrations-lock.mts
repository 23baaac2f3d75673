// npm run migrations:lock: checks every migration against supabase/migrations.lock (in
// `npm run check`); `--update` locks new migrations and never rewrites a locked one.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LockFileError,
  checkMigrations,
  describeReport,
  lockNewMigrations,
} from './lib/migrations-lock.ts';

// Not the stack's ROOT: this runs in `npm run check` and loads nothing it does not need.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Usage: npm run migrations:lock [-- --update] [--migrations DIR] [--lock FILE]

Checks every file of DIR (default supabase/migrations) against FILE (default
supabase/migrations.lock), which holds each file's SHA-256. A migration that is locked never
changes: a database migrated before the change would never get it; fix it in a new migration.
--update adds the files not yet listed (it never rewrites a listed line), then checks.

Exit 0: every file is locked and unchanged. 1: a locked file changed or was removed, or a
file is not locked yet (each named, with what to do). 2: bad arguments or an unreadable lock.
`;

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write(HELP);
  process.exit(0);
}

function option(name: string, fallback: string): string {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) usage(`${name} needs a value`);
  return value;
}

function usage(message: string): never {
  process.stderr.write(`[migrations:lock] ${message}\n\n${HELP}`);
  process.exit(2);
}

const known = new Set(['--update', '--migrations', '--lock']);
const unknown = args.find(
  (arg, i) =>
    !known.has(arg) && !['--migrations', '--lock'].includes(args[i - 1]),
);
if (unknown) usage(`unknown argument ${unknown}`);

const dir = option('--migrations', join(ROOT, 'supabase', 'migrations'));
const lockFile = option('--lock', join(ROOT, 'supabase', 'migrations.lock'));
const log = (line: string) =>
  process.stderr.write(`[migrations:lock] ${line}\n`);

try {
  if (args.includes('--update')) {
    for (const file of lockNewMigrations(dir, lockFile)) log(`locked ${file}`);
  }
  const problems = describeReport(checkMigrations(dir, lockFile));
  for (const problem of problems) log(problem);
  if (problems.length === 0) log('every migration is locked and unchanged');
  process.exit(problems.length === 0 ? 0 : 1);
} catch (error) {
  if (
    error instanceof LockFileError ||
    (error as NodeJS.ErrnoException).code === 'ENOENT'
  ) {
    log((error as Error).message);
    process.exit(2);
  }
  throw error;
}
