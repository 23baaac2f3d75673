import { BadRequestException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { securityConfig } from '../config/security.config';
import { ListCursorCodec } from './list-cursor';

describe(ListCursorCodec.name, () => {
  const codec = (secretKey = 'k'.repeat(40)) =>
    new ListCursorCodec({ secretKey } as ConfigType<typeof securityConfig>);
  const position = { value: 'Ada Lovelace', id: 'a1b2' };
  const query = { sort: 'name', status: ['lead'] };

  it('gives back the position it encoded, microseconds included', () => {
    const sut = codec();
    const timestamp = { value: '2026-11-25T02:50:18.757917+00:00', id: 'x' };
    expect(sut.decode(sut.encode(timestamp, query), query)).toEqual(timestamp);
  });

  it('shows nothing of the position to whoever holds the cursor', () => {
    const cursor = codec().encode(position, query);
    const bytes = Buffer.from(cursor, 'base64url').toString('latin1');
    expect(bytes).not.toContain('Ada');
    expect(bytes).not.toContain('a1b2');
  });

  it('refuses a cursor for another query', () => {
    const sut = codec();
    const cursor = sut.encode(position, query);
    expect(() => sut.decode(cursor, { ...query, sort: '-name' })).toThrow(
      'cursor belongs to a listing with other filters or sort',
    );
  });

  it('refuses a changed cursor, one sealed with another key, and garbage', () => {
    const sut = codec();
    const raw = Buffer.from(sut.encode(position, query), 'base64url');
    for (const at of [0, 14, raw.length - 1]) {
      const changed = Buffer.from(raw);
      changed[at] ^= 1;
      expect(() => sut.decode(changed.toString('base64url'), query)).toThrow(
        'cursor is not one this API issued',
      );
    }
    expect(() =>
      sut.decode(codec('o'.repeat(40)).encode(position, query), query),
    ).toThrow('cursor is not one this API issued');
    expect(() => sut.decode('garbage', query)).toThrow(BadRequestException);
  });
});
