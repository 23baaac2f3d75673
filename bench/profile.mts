// node bench/profile.mts [--prof]: the customers list one request at a time, the app beside the
// same call straight to PostgREST (3 rounds of 1,000); with --prof the app writes a CPU profile
// (100 µs samples) to bench/results/profiles/ for Chrome DevTools or any .cpuprofile reader.
import { join } from 'node:path';
import { ROOT, reservePort } from '../scripts/local-stack/stack.mts';
import { sequentialP50, startApp } from './lib.mts';
import { prepare, seedListWorkspace } from './setup.mts';

const log = (line: string) => process.stderr.write(`[profile] ${line}\n`);
const { stack, db, appEnv, tokenFor, cleanups, cleanUp } = await prepare(log);
const { owner, workspace: ws } = await seedListWorkspace(db);
const port = await reservePort(0, 'app');
const app = await startApp(ROOT, appEnv, port, {
  nodeArgs: process.argv.includes('--prof')
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${join(ROOT, 'bench', 'results', 'profiles')}`,
        '--cpu-prof-interval=100',
      ]
    : [],
});
cleanups.unshift(app.stop);
const token = await tokenFor(owner);
const url = `http://127.0.0.1:${port}/api/v1/workspaces/${ws}/customers?limit=20`;
const direct = `${stack.env.SUPABASE_URL}/rest/v1/rpc/list_customers?p_workspace_id=${ws}&p_limit=20&p_with_total=true`;
for (let r = 0; r < 3; r++) {
  const a = await sequentialP50(1000, () => ({
    url,
    headers: { authorization: `Bearer ${token}` },
  }));
  const d = await sequentialP50(1000, () => ({
    url: direct,
    headers: {
      authorization: `Bearer ${token}`,
      apikey: stack.env.SUPABASE_PUBLISHABLE_KEY,
    },
  }));
  log(`app ${a.p50} direct ${d.p50} failures ${a.failures + d.failures}`);
}
await cleanUp();
process.exit(0);
