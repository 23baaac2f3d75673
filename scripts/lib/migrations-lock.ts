// A migration on main never changes: supabase/migrations.lock holds each file's SHA-256. Shared by
// scripts/migrations-lock.mts and test/ (ESM here, CommonJS under Jest): Node built-ins only.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockEntry {
  file: string;
  sha256: string;
}

/** What differs between the migrations folder and its lock. */
export interface LockReport {
  /** Listed, and its content is not what was locked. */
  changed: string[];
  /** Listed, and no longer in the folder. */
  removed: string[];
  /** In the folder, not yet listed. */
  unlisted: string[];
}

export class LockFileError extends Error {}

const HEADER = [
  '# SHA-256 of every migration (sha256sum format). A listed migration never changes: a database',
  '# migrated before the change would never get it. Fix or extend the schema in a new migration,',
  '# then `npm run migrations:lock -- --update` adds it here (it never rewrites a listed line).',
];
const LINE = /^([0-9a-f]{64}) {2}(\S+)$/;

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The lock's entries, in file order; a line that is neither a comment nor an entry is an error. */
export function parseLock(text: string, source = 'the lock'): LockEntry[] {
  const entries: LockEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const match = LINE.exec(line);
    if (!match) {
      throw new LockFileError(
        `${source}:${index + 1}: expected "<sha256>  <file name>", got ${JSON.stringify(line)}`,
      );
    }
    if (entries.some((entry) => entry.file === match[2])) {
      throw new LockFileError(
        `${source}:${index + 1}: ${match[2]} is listed twice`,
      );
    }
    entries.push({ sha256: match[1], file: match[2] });
  });
  return entries;
}

export function formatLock(entries: LockEntry[]): string {
  const sorted = [...entries].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  return [
    ...HEADER,
    ...sorted.map((entry) => `${entry.sha256}  ${entry.file}`),
    '',
  ].join('\n');
}

function readEntries(lockFile: string): LockEntry[] {
  return existsSync(lockFile)
    ? parseLock(readFileSync(lockFile, 'utf8'), lockFile)
    : [];
}

function migrationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
}

export function checkMigrations(dir: string, lockFile: string): LockReport {
  const entries = readEntries(lockFile);
  const files = migrationFiles(dir);
  return {
    changed: entries
      .filter((entry) => files.includes(entry.file))
      .filter((entry) => sha256Of(join(dir, entry.file)) !== entry.sha256)
      .map((entry) => entry.file),
    removed: entries
      .filter((entry) => !files.includes(entry.file))
      .map((entry) => entry.file),
    unlisted: files.filter(
      (file) => !entries.some((entry) => entry.file === file),
    ),
  };
}

/** Adds the files not yet listed; listed lines stay exactly as they are. Returns what it added. */
export function lockNewMigrations(dir: string, lockFile: string): string[] {
  const entries = readEntries(lockFile);
  const added = migrationFiles(dir).filter(
    (file) => !entries.some((entry) => entry.file === file),
  );
  if (added.length > 0 || !existsSync(lockFile)) {
    writeFileSync(
      lockFile,
      formatLock([
        ...entries,
        ...added.map((file) => ({ file, sha256: sha256Of(join(dir, file)) })),
      ]),
    );
  }
  return added;
}

/** One line per problem, each saying what to do. */
export function describeReport(report: LockReport): string[] {
  return [
    ...report.changed.map(
      (file) =>
        `${file} changed after it was locked: restore it and add a new migration instead`,
    ),
    ...report.removed.map(
      (file) =>
        `${file} was removed after it was locked: restore it and add a new migration instead`,
    ),
    ...report.unlisted.map(
      (file) =>
        `${file} is not locked yet: npm run migrations:lock -- --update`,
    ),
  ];
}
