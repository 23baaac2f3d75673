import { HttpStatus } from '@nestjs/common';
import { toHttpException } from './database-error';

describe(toHttpException.name, () => {
  it.each([
    ['PGRST116', 406, HttpStatus.NOT_FOUND],
    ['23505', 409, HttpStatus.CONFLICT],
    ['23503', 409, HttpStatus.CONFLICT],
    ['22P02', 400, HttpStatus.BAD_REQUEST],
    ['22P05', 400, HttpStatus.BAD_REQUEST],
    ['23514', 400, HttpStatus.BAD_REQUEST],
    ['23502', 400, HttpStatus.BAD_REQUEST],
    ['PGRST100', 400, HttpStatus.BAD_REQUEST],
    ['42501', 403, HttpStatus.FORBIDDEN],
    ['PGRST301', 401, HttpStatus.UNAUTHORIZED],
    ['57014', 500, HttpStatus.SERVICE_UNAVAILABLE],
    ['57P01', 503, HttpStatus.SERVICE_UNAVAILABLE],
    ['08006', 503, HttpStatus.SERVICE_UNAVAILABLE],
    ['PGRST001', 503, HttpStatus.SERVICE_UNAVAILABLE],
    ['40P01', 500, HttpStatus.SERVICE_UNAVAILABLE],
    ['XX000', 500, HttpStatus.SERVICE_UNAVAILABLE],
    ['PGRST202', 404, HttpStatus.INTERNAL_SERVER_ERROR],
    ['PT422', 422, HttpStatus.UNPROCESSABLE_ENTITY],
  ])('maps code %s (HTTP %i) to %i', (code, status, expected) => {
    expect(
      toHttpException({ error: { code, message: 'm' }, status }).getStatus(),
    ).toBe(expected);
  });

  it('maps a transport failure (status 0, no code) to 503', () => {
    const error = {
      code: '',
      message: 'TypeError: fetch failed',
      details: 'ECONNREFUSED',
    };
    expect(toHttpException({ error, status: 0 }).getStatus()).toBe(503);
  });

  it('keeps the driver text out of the client message and in the cause', () => {
    const error = {
      code: '23505',
      message:
        'duplicate key value violates unique constraint "customers_owner_email_key"',
      details: 'Key (owner_id, lower(email))=(…, a@b.c) already exists.',
    };
    const exception = toHttpException({ error, status: 409 });
    expect(JSON.stringify(exception.getResponse())).not.toMatch(
      /customers_owner|a@b\.c/,
    );
    expect(exception.cause).toMatchObject({ code: '23505', status: 409 });
  });
});
