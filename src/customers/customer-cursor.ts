import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
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

const SIGNATURE_BYTES = 16;

/**
 * Opaque, signed keyset cursors. Signing keeps clients from forging positions; the query
 * fingerprint turns a cursor reused with other filters into a clear 400 rather than a page
 * of some other listing.
 */
@Injectable()
export class CustomerCursorCodec {
  constructor(
    @Inject(securityConfig.KEY)
    private readonly security: ConfigType<typeof securityConfig>,
  ) {}

  encode(position: CursorPosition, query: object): string {
    const payload: CursorPayload = {
      v: position.value,
      i: position.id,
      q: fingerprint(query),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body).toString('base64url')}`;
  }

  decode(cursor: string, query: object): CursorPosition {
    const [body, signature, extra] = cursor.split('.');
    const expected = body ? this.sign(body) : undefined;
    const given = Buffer.from(signature ?? '', 'base64url');
    if (
      extra !== undefined ||
      !expected ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw new BadRequestException('cursor is not one this API issued');
    }
    const payload = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8'),
    ) as CursorPayload;
    if (payload.q !== fingerprint(query)) {
      throw new BadRequestException(
        'cursor belongs to a listing with other filters or sort; start again without it',
      );
    }
    return { value: payload.v, id: payload.i };
  }

  private sign(body: string): Buffer {
    return createHmac('sha256', this.security.secretKey)
      .update(`customers-cursor:${body}`)
      .digest()
      .subarray(0, SIGNATURE_BYTES);
  }
}

function fingerprint(query: object): string {
  return createHash('sha256')
    .update(JSON.stringify(query))
    .digest('base64url')
    .slice(0, 12);
}
