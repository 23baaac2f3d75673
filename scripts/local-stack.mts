// The Docker-free local Supabase data stack, in the foreground. Dev and test only.
import { parseArgs } from 'node:util';
import {
  DEFAULT_DATA_DIR,
  PortInUseError,
  onStopSignal,
  startStack,
  type RunningStack,
} from './local-stack/stack.mts';
import { newProjectKeys } from './lib/keys.ts';
import { formatStackEnv } from './lib/stack-env.ts';

const HELP = `Usage: npm run local:stack -- [options]

Starts a local Supabase data stack (embedded Postgres, the Supabase CLI's migrations, PostgREST,
a gateway on /rest/v1) with no Docker, then prints its settings as KEY=value lines on stdout.

  --api-port N    gateway port (default 54321; 0 picks a free one)
  --db-port N     Postgres port (default 54322; 0 picks a free one)
  --data-dir DIR  where the data lives (default .local/supabase)
  --fresh         start from an empty data dir, without fsync (for throwaway stacks)
  --new-project   keys of its own instead of the CLI's well-known local ones, as a deployed
                  project has (prints SUPABASE_SIGNING_JWK too, to mint tokens)
  --help          this text

SIGINT or SIGTERM (or the parent process dying) stops everything it started. For fault drills,
SIGUSR1 restarts PostgREST and SIGUSR2 restarts Postgres (same ports, same data).
Exit codes: 0 stopped cleanly, 1 failed to start, 2 bad usage or a port in use.`;

const log = (line: string) => process.stderr.write(`[local-stack] ${line}\n`);

class UsageError extends Error {}

function portArg(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${flag} must be a port number, got "${value}"`);
  }
  return port;
}

let stack: RunningStack | undefined;
let stopping = false;

function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  void (stack?.stop() ?? Promise.resolve()).then(() => process.exit(0));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-port': { type: 'string', default: '54321' },
      'db-port': { type: 'string', default: '54322' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      fresh: { type: 'boolean', default: false },
      'new-project': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  onStopSignal(stop);
  // A parent killed outright (SIGKILL) sends no signal: notice the orphaning and stop anyway.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('parent process gone');
  }, 1000).unref();

  stack = await startStack({
    apiPort: portArg(values['api-port'], '--api-port'),
    dbPort: portArg(values['db-port'], '--db-port'),
    dataDir: values['data-dir'],
    fresh: values.fresh,
    keys: values['new-project'] ? await newProjectKeys() : undefined,
    log,
  });
  if (stopping) return;
  const running = stack;
  // Fault drills: SIGUSR1 restarts PostgREST, SIGUSR2 restarts Postgres.
  process.on(
    'SIGUSR1',
    () =>
      void running
        .restartPostgrest()
        .catch((e: unknown) => log(`restart failed: ${String(e)}`)),
  );
  process.on(
    'SIGUSR2',
    () =>
      void running
        .restartPostgres()
        .catch((e: unknown) => log(`restart failed: ${String(e)}`)),
  );
  log('Ctrl-C stops it; SIGUSR1 restarts PostgREST, SIGUSR2 Postgres');
  process.stdout.write(
    `${formatStackEnv({
      ...stack.env,
      SUPABASE_SIGNING_JWK: values['new-project']
        ? JSON.stringify(stack.keys.signingKey)
        : undefined,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  log(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(
    error instanceof UsageError || error instanceof PortInUseError ? 2 : 1,
  );
});
