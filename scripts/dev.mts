// npm run dev: the local Supabase stack (unless SUPABASE_URL points elsewhere), then the API in
// watch mode against it. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import {
  DEFAULT_DATA_DIR,
  PortInUseError,
  ROOT,
  onStopSignal,
  reservePort,
  startStack,
  type RunningStack,
} from './local-stack/stack.mts';
import { stopProcess } from './lib/processes.ts';
import { CURRENT_KEY_NAMES } from './lib/stack-env.ts';

const LOCAL_API_PORT = 54321;
const LOCAL_DB_PORT = 54322;
const log = (line: string) => process.stderr.write(`[dev] ${line}\n`);

if (process.argv.includes('--help')) {
  process.stdout.write(
    'Usage: npm run dev\n\nStarts the local Supabase stack on :54321/:54322 (unless SUPABASE_URL points elsewhere or\none is already running), then `nest start --watch`. Settings: .env, else .env.example.\n',
  );
  process.exit(0);
}

function readEnvFile(name: string): Record<string, string> {
  const path = join(ROOT, name);
  return existsSync(path) ? parse(readFileSync(path)) : {};
}

const env: NodeJS.ProcessEnv = {
  ...readEnvFile('.env.example'),
  ...readEnvFile('.env'),
  ...process.env,
};

function pointsAtLocalStack(url: string | undefined): boolean {
  if (!url) return true;
  const { hostname, port } = new URL(url);
  return (
    ['127.0.0.1', 'localhost'].includes(hostname) &&
    Number(port) === LOCAL_API_PORT
  );
}

let stack: RunningStack | undefined;
if (pointsAtLocalStack(env.SUPABASE_URL)) {
  const free = await reservePort(LOCAL_API_PORT, 'local stack').then(
    () => true,
    (error: unknown) => {
      if (error instanceof PortInUseError) return false;
      throw error;
    },
  );
  if (free) {
    stack = await startStack({
      apiPort: LOCAL_API_PORT,
      dbPort: LOCAL_DB_PORT,
      dataDir: DEFAULT_DATA_DIR,
      fresh: false,
      log: (line) => log(`stack: ${line}`),
    }).catch((error: unknown) => {
      log(
        `the local stack did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    });
    // The current key model, as a new project is configured; the legacy secret stays unused.
    for (const name of CURRENT_KEY_NAMES) env[name] = stack.env[name];
  } else {
    log(
      `something already serves :${LOCAL_API_PORT} (another local stack or \`supabase start\`); using it`,
    );
  }
} else {
  log(`SUPABASE_URL is ${env.SUPABASE_URL}; not starting the local stack`);
}

const nest = spawn(
  process.execPath,
  [
    join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'),
    'start',
    '--watch',
  ],
  // A process group of its own: the Nest CLI does not pass signals on to the app it runs.
  { cwd: ROOT, env, stdio: 'inherit', detached: true },
);

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stopProcess(nest, { group: true });
  await stack?.stop();
  process.exit(code);
}
onStopSignal(() => void shutdown(0));
nest.on('exit', (code) => void shutdown(code ?? 0));
