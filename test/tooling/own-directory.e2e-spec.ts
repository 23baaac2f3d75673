import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  UnsafeDirectoryError,
  ownDirectory,
} from '../../scripts/lib/own-directory';

describe(ownDirectory.name, () => {
  let parent: string;
  let path: string;

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'own-dir-spec-'));
    path = join(parent, 'guessable');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('creates a missing directory that only its owner can enter', () => {
    expect(ownDirectory(path)).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o700);
  });

  it('uses a directory that is already ours', () => {
    mkdirSync(path, { mode: 0o755 });
    writeFileSync(join(path, 'kept'), 'x');
    expect(ownDirectory(path)).toBe(path);
    expect(existsSync(join(path, 'kept'))).toBe(true);
  });

  it('refuses a symbolic link planted at the path, and leaves its target alone', () => {
    const target = join(parent, 'target');
    mkdirSync(target, { mode: 0o755 });
    symlinkSync(target, path);
    expect(() => ownDirectory(path)).toThrow(UnsafeDirectoryError);
    expect(() => ownDirectory(path)).toThrow('is a symbolic link');
    expect(statSync(target).mode & 0o777).toBe(0o755);
  });

  it('refuses a directory of another user, unless that user is allowed', () => {
    mkdirSync(path, { mode: 0o755 });
    chownSync(path, 4242, 4242);
    expect(() => ownDirectory(path)).toThrow('belongs to uid 4242');
    expect(ownDirectory(path, { owners: [4242] })).toBe(path);
  });

  it('refuses a directory others may write to', () => {
    mkdirSync(path);
    chmodSync(path, 0o777);
    expect(() => ownDirectory(path)).toThrow('is writable by other users');
  });

  it('starts over when asked, removing a planted link but not what it points to', () => {
    const target = join(parent, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'precious'), 'x');
    symlinkSync(target, path);
    expect(ownDirectory(path, { fresh: true })).toBe(path);
    expect(statSync(path).isDirectory()).toBe(true);
    expect(existsSync(join(target, 'precious'))).toBe(true);
  });
});
