import { BadRequestException } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** What a create with an Idempotency-Key stores beside its answer, in the same transaction. */
export interface IdempotencyClaim {
  key: string;
  requestHash: string;
}

/** Visible ASCII, 1 to 255 characters, as the database bounds a key. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The claim of a create: the key, checked, and a hash of the workspace and the validated body
 * (fields in declaration order), so equal requests hash equally and a key reused for another
 * workspace is another request. The database refuses a key that created another kind of record.
 */
export function idempotencyClaim(
  key: string,
  workspaceId: string,
  input: object,
): IdempotencyClaim {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestException(
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  }
  const requestHash = createHash('sha256')
    .update(JSON.stringify({ workspaceId, input }))
    .digest('base64url');
  return { key, requestHash };
}
