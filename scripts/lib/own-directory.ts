// Shared by scripts/ and its unit spec (ESM here, CommonJS under Jest): Node built-ins only.
import { lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export class UnsafeDirectoryError extends Error {}

export interface OwnDirectoryOptions {
  /** Users allowed to own an existing directory (by uid); the current user always is. */
  owners?: number[];
  /** Start over: remove whatever is at the path first (a symlink itself, never its target). */
  fresh?: boolean;
}

/**
 * A directory at a path others could guess (under /tmp or /var/tmp), made safe to use as root:
 * created by us when it is absent, and when it exists, a real directory (not a symlink), owned
 * by us or an allowed owner, and writable by nobody else. Anything else is refused, since
 * following it could let another user redirect what root writes, chowns or executes.
 */
export function ownDirectory(
  path: string,
  options: OwnDirectoryOptions = {},
): string {
  if (options.fresh) rmSync(path, { recursive: true, force: true });
  try {
    mkdirSync(path, { mode: 0o700 });
    return path;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = lstatSync(path);
  const owners = [process.getuid?.() ?? -1, ...(options.owners ?? [])];
  const problem = stat.isSymbolicLink()
    ? 'is a symbolic link'
    : !stat.isDirectory()
      ? 'is not a directory'
      : !owners.includes(stat.uid)
        ? `belongs to uid ${stat.uid}`
        : (stat.mode & 0o022) !== 0
          ? 'is writable by other users'
          : undefined;
  if (problem) {
    throw new UnsafeDirectoryError(
      `${path} ${problem}; refusing to use it (remove it if it is yours)`,
    );
  }
  return path;
}

/** A fresh directory of our own with a random name under `parent`. */
export function newPrivateDirectory(parent: string, prefix: string): string {
  return mkdtempSync(join(parent, prefix));
}
