// npm run planted-bugs: plants each bug of test/planted-bugs/ alone (*.sql in a fresh stack,
// *.patch applied to the sources for the run) and runs the specs its header names; every bug
// must make at least one of them fail, and the run must end.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { onStopSignal, ROOT } from './local-stack/stack.mts';

const DIR = join(ROOT, 'test', 'planted-bugs');
const log = (line: string) => process.stderr.write(`[planted-bugs] ${line}\n`);
/** A plant whose specs have not ended by then made them hang: a bug of its own. */
const BOUND_MINUTES = 5;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: ROOT, stdio: 'pipe' });

if (process.argv.includes('--help')) {
  process.stdout.write(
    `Usage: npm run planted-bugs [-- name ...]\n\nFor each ${DIR}/*.sql (or the named ones), starts a fresh stack with that bug\nplanted and runs the specs named in its "Caught by:" line; a *.patch is applied to the\nsources with git for its run and reversed after. A run is stopped after ${BOUND_MINUTES} minutes.\nExit 0 when every bug was caught, 1 when one survived or could not be tried.\n`,
  );
  process.exit(0);
}

const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const bugs = readdirSync(DIR)
  .filter((file) => file.endsWith('.sql') || file.endsWith('.patch'))
  .filter(
    (file) => only.length === 0 || only.some((name) => file.startsWith(name)),
  );

let running: ReturnType<typeof spawn> | undefined;
/** The patch applied to the sources right now: reversed whatever happens. */
let applied: string | undefined;
const unapply = () => {
  if (applied) git('apply', '-R', applied);
  applied = undefined;
};
onStopSignal(() => {
  running?.kill('SIGTERM');
  unapply();
  process.exit(130);
});

/** Resolves with the Jest summary line ("Tests: 1 failed, …"), or undefined if it never ran. */
function runSpecs(
  sqlPlant: string | undefined,
  specs: string[],
): Promise<string | undefined> {
  return new Promise((resolve) => {
    running = spawn(
      process.execPath,
      [
        '--experimental-vm-modules',
        join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--selectProjects',
        'e2e',
        '--runInBand',
        '--forceExit',
        '--silent',
        ...specs,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, CRM_PLANT_SQL: sqlPlant },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const child = running;
    const bound = setTimeout(() => {
      log(`  the specs still ran after ${BOUND_MINUTES} minutes: stopped`);
      child.kill('SIGTERM');
    }, BOUND_MINUTES * 60_000);
    let summary = '';
    running.stderr?.on('data', (chunk: Buffer) => {
      summary += chunk.toString('utf8');
    });
    running.on('exit', () => {
      clearTimeout(bound);
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
  const file = join(DIR, bug);
  if (bug.endsWith('.patch')) {
    try {
      git('apply', file);
      applied = file;
    } catch {
      broken.push(bug);
      log('  the patch no longer applies to the sources');
      continue;
    }
  }
  let summary: string | undefined;
  try {
    summary = await runSpecs(applied ? undefined : file, specs);
  } finally {
    unapply();
  }
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
