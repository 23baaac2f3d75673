import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { securityConfig } from '../config/security.config';

/** Where the previous page ended: the sort value as the database wrote it, and the row id. */
export interface CursorPosition {
  value: string;
  id: string;
}

interface CursorPayload {
  v: string;
  i: string;
  /** Fingerprint of the query (filters and sort) the cursor belongs to. */
  q: string;
}

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Opaque keyset cursors, encrypted and authenticated (AES-256-GCM): a client can neither read
 * the position (a customer's name, when sorted by name) nor forge one. The query fingerprint
 * turns a cursor reused with other filters into a clear 400 rather than a page of some other
 * listing.
 */
@Injectable()
export class ListCursorCodec {
  // A KeyObject, imported once: a raw key would be imported again by every cipher.
  private readonly key: KeyObject;

  constructor(
    @Inject(securityConfig.KEY)
    security: ConfigType<typeof securityConfig>,
  ) {
    // A key of its own, derived from SECRET_KEY, for this one purpose.
    this.key = createSecretKey(
      createHash('sha256').update(`list-cursor:${security.secretKey}`).digest(),
    );
  }

  encode(position: CursorPosition, query: object): string {
    const payload: CursorPayload = {
      v: position.value,
      i: position.id,
      q: fingerprint(query),
    };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    const sealed = Buffer.concat([
      cipher.update(JSON.stringify(payload), 'utf8'),
      cipher.final(),
    ]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString(
      'base64url',
    );
  }

  decode(cursor: string, query: object): CursorPosition {
    const payload = this.open(cursor);
    if (!payload) {
      throw new BadRequestException('cursor is not one this API issued');
    }
    if (payload.q !== fingerprint(query)) {
      throw new BadRequestException(
        'cursor belongs to a listing with other filters or sort; start again without it',
      );
    }
    return { value: payload.v, id: payload.i };
  }

  private open(cursor: string): CursorPayload | undefined {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv(
        CIPHER,
        this.key,
        raw.subarray(0, IV_BYTES),
      );
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      return JSON.parse(text) as CursorPayload;
    } catch {
      return undefined;
    }
  }
}

function fingerprint(query: object): string {
  return createHash('sha256')
    .update(JSON.stringify(query))
    .digest('base64url')
    .slice(0, 12);
}
