import { BadRequestException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { securityConfig } from '../config/security.config';
import { CustomerCursorCodec } from './customer-cursor';

describe(CustomerCursorCodec.name, () => {
  const codec = (secretKey = 'k'.repeat(40)) =>
    new CustomerCursorCodec({ secretKey } as ConfigType<typeof securityConfig>);
  const position = { value: '2026-11-25T02:50:18.757917+00:00', id: 'a1b2' };
  const query = { sort: '-created_at', status: ['lead'] };

  it('gives back the position it encoded, microseconds included', () => {
    const sut = codec();
    expect(sut.decode(sut.encode(position, query), query)).toEqual(position);
  });

  it('refuses a cursor for another query', () => {
    const sut = codec();
    const cursor = sut.encode(position, query);
    expect(() => sut.decode(cursor, { ...query, sort: 'name' })).toThrow(
      BadRequestException,
    );
  });

  it('refuses a cursor whose body was changed, or signed with another key', () => {
    const sut = codec();
    const [, signature] = sut.encode(position, query).split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ v: 'x', i: 'y', q: 'z' }),
    ).toString('base64url');
    expect(() => sut.decode(`${forgedBody}.${signature}`, query)).toThrow(
      BadRequestException,
    );
    expect(() =>
      sut.decode(codec('o'.repeat(40)).encode(position, query), query),
    ).toThrow('cursor is not one this API issued');
    expect(() => sut.decode('garbage', query)).toThrow(BadRequestException);
  });
});
