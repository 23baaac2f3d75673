// npm run db:types: regenerates src/database/database.types.ts from the migrations, with the real
// Supabase CLI against a throwaway local stack.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, onStopSignal, startStack } from './local-stack/stack.mts';
import { runSupabaseCli } from './lib/supabase-cli.ts';

const TARGET = join(ROOT, 'src', 'database', 'database.types.ts');
const log = (line: string) => process.stderr.write(`[db:types] ${line}\n`);

if (process.argv.includes('--help')) {
  process.stdout.write(
    `Usage: npm run db:types\n\nWrites ${TARGET} from supabase/migrations.\n`,
  );
  process.exit(0);
}

/** The CLI's output for a database: what the committed file must equal. */
export async function generateTypes(databaseUrl: string): Promise<string> {
  return runSupabaseCli(
    [
      'gen',
      'types',
      'typescript',
      '--schema',
      'public',
      `--remote=${databaseUrl}`,
    ],
    ROOT,
    { stdoutOnly: true },
  );
}

if (import.meta.main) {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-types-'));
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
  try {
    log('generating types');
    writeFileSync(TARGET, await generateTypes(stack.env.DATABASE_ADMIN_URL));
    log(`wrote ${TARGET}`);
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}
