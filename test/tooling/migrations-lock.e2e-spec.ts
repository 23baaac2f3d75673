import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLock } from '../../scripts/lib/migrations-lock';
import { ROOT } from '../support/service-process';

const MIGRATIONS = join(ROOT, 'supabase', 'migrations');
const LOCK = join(ROOT, 'supabase', 'migrations.lock');

/** npm run migrations:lock on a folder and lock of our choosing; its exit code and output. */
function lockCheck(dir: string, lock: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'scripts', 'migrations-lock.mts'),
      '--migrations',
      dir,
      '--lock',
      lock,
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return { status: run.status, output: run.stdout + run.stderr };
}

/** A migration on main never changes: every file's SHA-256 is in supabase/migrations.lock. */
describe('the migration lock (supabase/migrations.lock)', () => {
  let copy: string;
  let dir: string;
  let lock: string;
  const first = '20261125000000_customers.sql';

  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'crm-lock-'));
    dir = join(copy, 'migrations');
    lock = join(copy, 'migrations.lock');
    cpSync(MIGRATIONS, dir, { recursive: true });
    cpSync(LOCK, lock);
  });

  afterEach(() => {
    rmSync(copy, { recursive: true, force: true });
  });

  it('lists every committed migration, unchanged', () => {
    expect(lockCheck(MIGRATIONS, LOCK)).toEqual({
      status: 0,
      output: expect.stringContaining('every migration is locked') as string,
    });
  });

  it('fails when a locked migration is edited, naming it and saying to add a new one', () => {
    appendFileSync(join(dir, first), '\n-- a fix made in place\n');
    const { status, output } = lockCheck(dir, lock);
    expect(status).toBe(1);
    expect(output).toContain(
      `${first} changed after it was locked: restore it and add a new migration instead`,
    );
  });

  it('fails when a locked migration is removed', () => {
    unlinkSync(join(dir, first));
    expect(lockCheck(dir, lock)).toMatchObject({
      status: 1,
      output: expect.stringContaining(
        `${first} was removed after it was locked`,
      ) as string,
    });
  });

  it('asks to lock a new migration; --update adds it and rewrites no locked line', () => {
    const added = '29991231000000_next.sql';
    writeFileSync(join(dir, added), 'select 1;\n');
    expect(lockCheck(dir, lock)).toMatchObject({
      status: 1,
      output: expect.stringContaining(
        `${added} is not locked yet: npm run migrations:lock -- --update`,
      ) as string,
    });

    const before = parseLock(readFileSync(lock, 'utf8'));
    appendFileSync(join(dir, first), '\n-- edited too\n');
    // The new file is locked; the edited one stays as it was locked, and still fails.
    expect(lockCheck(dir, lock, '--update')).toMatchObject({ status: 1 });
    const after = parseLock(readFileSync(lock, 'utf8'));
    expect(after).toEqual([
      ...before,
      {
        file: added,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      },
    ]);
  });

  it('refuses a lock it cannot read (exit 2)', () => {
    writeFileSync(lock, 'not a hash  file.sql\n');
    expect(lockCheck(dir, lock)).toMatchObject({
      status: 2,
      output: expect.stringContaining(
        'expected "<sha256>  <file name>"',
      ) as string,
    });
  });
});
