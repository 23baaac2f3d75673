// npm run planted-bugs: plants each bug of test/planted-bugs/*.sql alone in a fresh stack and
// runs the specs its header names; every bug must make at least one of them fail.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { onStopSignal, ROOT } from './local-stack/stack.mts';

const DIR = join(ROOT, 'test', 'planted-bugs');
const log = (line: string) => process.stderr.write(`[planted-bugs] ${line}\n`);

if (process.argv.includes('--help')) {
  process.stdout.write(
    `Usage: npm run planted-bugs [-- name ...]\n\nFor each ${DIR}/*.sql (or the named ones), starts a fresh stack with that bug\nplanted and runs the specs named in its "Caught by:" line. Exit 0 when every bug was caught,\n1 when one survived.\n`,
  );
  process.exit(0);
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const bugs = readdirSync(DIR)
  .filter((file) => file.endsWith('.sql'))
  .filter(
    (file) => only.length === 0 || only.some((name) => file.startsWith(name)),
  );

let running: ReturnType<typeof spawn> | undefined;
onStopSignal(() => {
  running?.kill('SIGTERM');
  process.exit(130);
});

/** Resolves with the Jest summary line ("Tests: 1 failed, …"), or undefined if it never ran. */
function runSpecs(bug: string, specs: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    running = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--selectProjects',
        'e2e',
        '--runInBand',
        '--silent',
        ...specs,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, CRM_PLANT_SQL: join(DIR, bug) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let summary = '';
    running.stderr?.on('data', (chunk: Buffer) => {
      summary += chunk.toString('utf8');
    });
    running.on('exit', () => {
      const line = summary.split('\n').find((l) => l.startsWith('Tests:'));
      if (!line) log(summary.trim());
      resolve(line);
    });
  });
}

const survived: string[] = [];
const broken: string[] = [];
for (const bug of bugs) {
  const header = readFileSync(join(DIR, bug), 'utf8');
  const specs =
    /Caught by: (.+)/
      .exec(header)?.[1]
      .split(',')
      .map((s) => s.trim()) ?? [];
  log(`${bug}: running ${specs.join(', ')}`);
  const summary = await runSpecs(bug, specs);
  if (!summary) {
    broken.push(bug);
    log('  the specs did not run (see above)');
  } else if (/\d+ failed/.test(summary)) {
    log(`  caught: ${summary}`);
  } else {
    survived.push(bug);
    log(`  SURVIVED: ${summary}`);
  }
}
log(
  `${bugs.length - survived.length - broken.length} of ${bugs.length} planted bugs caught` +
    (broken.length > 0 ? `; ${broken.length} could not be tried` : ''),
);
process.exit(survived.length + broken.length === 0 ? 0 : 1);
