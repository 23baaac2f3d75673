// npm run db:doc: writes supabase/SCHEMA.md from the catalog of a throwaway local stack with
// every migration applied (or of --db-url), and refuses while a policy or definer function has
// no comment saying why it exists.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCatalog } from './lib/schema-catalog.ts';
import { renderSchemaDoc } from './lib/schema-doc.ts';
import { missingComments } from './lib/schema-rules.ts';
import { ROOT, onStopSignal, startStack } from './local-stack/stack.mts';

const TARGET = join(ROOT, 'supabase', 'SCHEMA.md');
const log = (line: string) => process.stderr.write(`[db:doc] ${line}\n`);

const HELP = `Usage: npm run db:doc [-- --db-url URL] [--check]

Writes ${TARGET} from the live catalog: per table its RLS policies, grants and
triggers; per function the data API exposes, the definer behind it, the minimum workspace role
it checks and the SQLSTATEs it raises; every definer function. Without --db-url it starts a
throwaway local stack with every migration of supabase/migrations applied, and stops it after.
--db-url: a database with the migrations applied, as a role that reads every schema.
--check: write nothing; fail when the committed file differs.

Every policy and definer function must say why it exists (comment on ...): while one does not,
nothing is written and each missing comment is listed, as the statement a new migration needs.

Exit 0: written (or, with --check, up to date). 1: a comment is missing, or --check found the
file stale. 2: bad arguments.
`;

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write(HELP);
  process.exit(0);
}
const urlFlag = args.indexOf('--db-url');
const databaseUrl = urlFlag >= 0 ? args[urlFlag + 1] : undefined;
const unknown = args.find(
  (arg, i) =>
    !['--db-url', '--check'].includes(arg) &&
    (urlFlag < 0 || i !== urlFlag + 1),
);
if (unknown || (urlFlag >= 0 && !databaseUrl?.includes('://'))) {
  process.stderr.write(
    `[db:doc] ${unknown ? `unknown argument ${unknown}` : '--db-url needs a postgres URL'}\n\n${HELP}`,
  );
  process.exit(2);
}

/** 0, or 1 with the reason logged. */
async function document(url: string): Promise<number> {
  const catalog = await readCatalog(url);
  const missing = missingComments(catalog);
  if (missing.length > 0) {
    log(
      `${missing.length} without a comment saying why; add them in a new migration:`,
    );
    for (const line of missing) log(`  ${line}`);
    return 1;
  }
  const doc = renderSchemaDoc(catalog);
  if (args.includes('--check')) {
    const current = readFileSync(TARGET, 'utf8');
    if (current === doc) return 0;
    log(`${TARGET} differs from the catalog: run npm run db:doc`);
    return 1;
  }
  writeFileSync(TARGET, doc);
  log(`wrote ${TARGET}`);
  return 0;
}

if (databaseUrl) {
  process.exit(await document(databaseUrl));
}
const dataDir = mkdtempSync(join(tmpdir(), 'crm-doc-'));
const stack = await startStack({
  apiPort: 0,
  dbPort: 0,
  dataDir,
  fresh: true,
  log,
});
onStopSignal((signal) => {
  log(`${signal}: stopping`);
  void stack.stop().then(() => process.exit(1));
});
const code = await document(stack.env.DATABASE_ADMIN_URL).finally(async () => {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
process.exit(code);
