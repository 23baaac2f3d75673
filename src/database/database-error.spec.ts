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
    ['PGRST103', 416, HttpStatus.BAD_REQUEST],
    ['40001', 409, HttpStatus.SERVICE_UNAVAILABLE],
    ['53300', 429, HttpStatus.SERVICE_UNAVAILABLE],
    ['08006', 400, HttpStatus.SERVICE_UNAVAILABLE],
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

  it.each([
    ['PGRST116', 'The resource does not exist.'],
    ['23505', 'A resource with the same unique value already exists.'],
    ['23P01', 'A resource with the same unique value already exists.'],
    ['23503', 'The resource refers to something that does not exist.'],
    ['23514', 'The request has a value the database cannot accept.'],
    ['42501', 'You are not allowed to do this.'],
    ['PGRST301', 'The access token was not accepted.'],
    ['57P01', 'The database is unavailable right now; try again shortly.'],
    ['PGRST202', 'The server could not complete the request.'],
  ])(
    'answers %s with a fixed detail, and keeps the error as the cause',
    (code, detail) => {
      const exception = toHttpException({
        error: { code, message: 'm' },
        status: 400,
      });
      expect(exception.message).toBe(detail);
      expect(exception.cause).toMatchObject({ code });
    },
  );

  it('treats an answer without an HTTP status, or without a code, as unavailable', () => {
    expect(
      toHttpException({ error: { code: 'X1' }, status: 0 }).getStatus(),
    ).toBe(503);
    expect(toHttpException({ error: {}, status: 400 }).getStatus()).toBe(503);
  });

  it.each([
    [
      'PT403',
      'your role in this workspace does not allow this',
      403,
      'Your role in this workspace does not allow this.',
    ],
    ['PT404', 'no such workspace', 404, 'No such workspace.'],
    [
      'PT409',
      'a workspace keeps at least one owner: make another member owner first',
      409,
      'A workspace keeps at least one owner: make another member owner first.',
    ],
    [
      'PT410',
      'the invitation was used, revoked or has expired',
      410,
      'The invitation was used, revoked or has expired.',
    ],
    [
      'PT422',
      'idempotency key reused for another request',
      422,
      'This Idempotency-Key was already used for a different request.',
    ],
    [
      'PT422',
      'stage_ids must list every stage of the pipeline once',
      422,
      'stage_ids must list every stage of the pipeline once.',
    ],
  ])(
    'answers our own %s with its own sentence',
    (code, message, status, detail) => {
      const exception = toHttpException({ error: { code, message }, status });
      expect(exception.getStatus()).toBe(status);
      expect(exception.message).toBe(detail);
    },
  );

  it('never passes on text that is not one of our sentences', () => {
    const exception = toHttpException({
      error: { code: 'PT409', message: 'Key (email)=(a@b.c) already exists' },
      status: 409,
    });
    expect(exception.message).toBe('Conflict');
  });
});
