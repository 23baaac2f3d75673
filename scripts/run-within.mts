// Runs a command with a hard time bound: a test run that hangs (a spec that left a server or a
// stream open) ends with a message and a failing exit code instead of holding CI for hours.
import { spawn } from 'node:child_process';
import { stopProcess } from './lib/processes.ts';

const log = (line: string) => process.stderr.write(`[run-within] ${line}\n`);
const USAGE = `Usage: node scripts/run-within.mts --minutes N -- command [args...]

Runs the command in its own process group. If it is still running after N minutes, stops the
whole group (SIGTERM, SIGKILL 10 s later), says so, and exits 124; otherwise exits with the
command's own code. SIGINT and SIGTERM are passed on to the group.
`;

const args = process.argv.slice(2);
const dashes = args.indexOf('--');
const options = dashes < 0 ? args : args.slice(0, dashes);
const command = dashes < 0 ? [] : args.slice(dashes + 1);
if (options.includes('--help')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const minutes = Number(options[options.indexOf('--minutes') + 1]);
if (!options.includes('--minutes') || !(minutes > 0) || command.length === 0) {
  process.stderr.write(USAGE);
  process.exit(2);
}

const child = spawn(command[0], command.slice(1), {
  stdio: 'inherit',
  detached: true,
});
const stop = () => stopProcess(child, { group: true, killAfterMs: 10_000 });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void stop().then(() => process.exit(130)));

let timedOut = false;
const bound = setTimeout(() => {
  timedOut = true;
  log(
    `still running after ${minutes} minutes: stopping it. Something did not end (a hook that ` +
      'hangs, a server or stream left open); the last file named above is where to look.',
  );
  void stop().then(() => process.exit(124));
}, minutes * 60_000);

child.on('exit', (code, signal) => {
  clearTimeout(bound);
  process.exit(timedOut ? 124 : (code ?? (signal ? 1 : 0)));
});
