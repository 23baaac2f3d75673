import { BadRequestException } from '@nestjs/common';

/** The strong ETag of a resource version: `"7"`. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The version an `If-Match` header names (`"7"`, `W/"7"` or `7`), or undefined without one.
 * `*` means any version.
 */
export function versionFromIfMatch(
  header: string | undefined,
): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new BadRequestException(
      'If-Match must be the ETag of the version you read, e.g. "7"',
    );
  }
  return Number(match[1]);
}
