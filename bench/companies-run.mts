// npm run bench:companies [-- --quick]: the companies scenario alone (bench/companies.mts), on a
// fresh stack with the customers of bench/seed.mts beside it. Prints and writes
// bench/results/companies.json. Not a test: nothing here fails a build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, reservePort } from '../scripts/local-stack/stack.mts';
import { benchCompanies } from './companies.mts';
import { seedCompanies } from './companies-seed.mts';
import { imageNodeArgs, startApp } from './lib.mts';
import { seedWorkspaces } from './seed.mts';
import { prepare } from './setup.mts';

const quick = process.argv.includes('--quick');
if (process.argv.includes('--help')) {
  process.stdout.write(
    'Usage: npm run bench:companies [-- --quick]\nWrites bench/results/companies.json.\n',
  );
  process.exit(0);
}
const plan = quick ? { rounds: 3, samples: 60 } : { rounds: 5, samples: 300 };
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const { stack, db, appEnv, tokenFor, cleanups, cleanUp } = await prepare(log);
await seedWorkspaces(db, true, log);
const seeded = await seedCompanies(db, quick ? 1 : 3, log);
const port = await reservePort(0, 'app');
const app = await startApp(ROOT, appEnv, port, {
  nodeArgs: imageNodeArgs(ROOT),
});
cleanups.unshift(app.stop);
const figures = await benchCompanies({
  db,
  stack,
  api: `http://127.0.0.1:${port}/api/v1`,
  seeded,
  tokenFor,
  plan,
  log,
});
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'companies.json'),
  `${JSON.stringify(figures, null, 2)}\n`,
);
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
await cleanUp();
process.exit(0);
