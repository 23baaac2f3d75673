// npm run openapi: writes openapi.json, the OpenAPI document the built service serves, for
// client repositories to pin and diff. `-- --check` only compares (exit 1 when it differs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatOpenApi, servedOpenApi } from './lib/served-openapi.ts';
import { ROOT } from './local-stack/stack.mts';

const TARGET = join(ROOT, 'openapi.json');
const log = (line: string) => process.stderr.write(`[openapi] ${line}\n`);

if (process.argv.includes('--help')) {
  process.stdout.write(
    `Usage: npm run openapi [-- --check]\n\nStarts dist/main.js (run \`npm run build\` first), reads /api/docs-json and writes\n${TARGET}; --check compares instead and exits 1 when the file is stale.\n`,
  );
  process.exit(0);
}

const served = formatOpenApi(await servedOpenApi(ROOT));
if (process.argv.includes('--check')) {
  const committed = readFileSync(TARGET, 'utf8');
  if (committed !== served) {
    log(`${TARGET} differs from the served document: run npm run openapi`);
    process.exit(1);
  }
  log('openapi.json is current');
} else {
  writeFileSync(TARGET, served);
  log(`wrote ${TARGET}`);
}
