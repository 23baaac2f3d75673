import {
  type ArgumentsHost,
  BadRequestException,
  ConflictException,
  HttpException,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { HttpExceptionWithHeaders } from './http-exception-with-headers';
import { toHttpException } from '../database/database-error';
import { ProblemDetailsFilter } from './problem-details.filter';

/** A Fastify reply double that records what the filter sent. */
function replyDouble() {
  const sent: {
    status?: number;
    headers: Record<string, string>;
    body?: unknown;
  } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    headers(values: Record<string, string>) {
      Object.assign(sent.headers, values);
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  return { reply, sent };
}

function hostFor(reply: unknown): ArgumentsHost {
  const request = { url: '/api/v1/customers?q=x', id: 'req-1' };
  return {
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => reply,
    }),
  } as unknown as ArgumentsHost;
}

describe(ProblemDetailsFilter.name, () => {
  const sut = new ProblemDetailsFilter();
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation();
  });
  afterEach(() => jest.restoreAllMocks());

  function handle(exception: unknown) {
    const { reply, sent } = replyDouble();
    sut.catch(exception, hostFor(reply));
    return sent;
  }

  it('answers problem+json with status, title, detail, instance and request id', () => {
    const sent = handle(new ConflictException('Taken.'));
    expect(sent.status).toBe(409);
    expect(sent.headers['Content-Type']).toBe('application/problem+json');
    expect(sent.body).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'Taken.',
      instance: '/api/v1/customers?q=x',
      request_id: 'req-1',
    });
  });

  it('sends the headers an exception carries', () => {
    const sent = handle(
      new HttpExceptionWithHeaders('No.', 401, {
        'WWW-Authenticate': 'Bearer realm="x"',
      }),
    );
    expect(sent.status).toBe(401);
    expect(sent.headers['WWW-Authenticate']).toBe('Bearer realm="x"');
  });

  it('logs no row values of a database error, only its code', () => {
    const exception = toHttpException({
      status: 409,
      error: {
        code: '23505',
        message: 'duplicate key value violates unique constraint "x"',
        details: 'Key (owner_id, email)=(…, ada@example.test) already exists.',
      },
    });
    const sent = handle(exception);
    expect(sent.status).toBe(409);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('ada@example.test');
    expect((warn.mock.calls[0] as unknown[])[0]).toMatchObject({
      cause: { code: '23505', status: 409 },
      requestId: 'req-1',
    });
  });

  it('keeps a transport failure out of the answer and its details out of the log', () => {
    const exception = toHttpException({
      status: 0,
      error: {
        code: '',
        message: 'TypeError: fetch failed',
        details: 'Error: connect ECONNREFUSED 10.3.4.5:5432\n    at …',
      },
    });
    const sent = handle(exception);
    expect(sent.status).toBe(503);
    expect(sent.body).toMatchObject({
      detail: 'The database is unavailable right now; try again shortly.',
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/fetch failed|10\.3\.4\.5/);
    expect(JSON.stringify(error.mock.calls)).not.toContain('10.3.4.5');
  });

  it('answers 500 with a fixed detail to anything unexpected, and logs the error', () => {
    const bug = new TypeError('cannot read properties of undefined');
    const sent = handle(bug);
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({
      detail: 'The server could not complete the request.',
    });
    expect((error.mock.calls[0] as unknown[])[0]).toMatchObject({ err: bug });
  });

  it('keeps the status of a client error raised by Fastify', () => {
    const sent = handle(
      Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }),
    );
    expect(sent.status).toBe(415);
    expect(sent.body).toMatchObject({
      status: 415,
      title: 'Unsupported Media Type',
    });
  });

  it('does not pass a Fastify 5xx status through as a client error', () => {
    const sent = handle(Object.assign(new Error('boom'), { statusCode: 503 }));
    expect(sent.status).toBe(500);
    expect(handle(new ServiceUnavailableException('x')).status).toBe(503);
  });

  it.each([
    [400, 400],
    [499, 499],
    [500, 500],
    [399, 500],
  ])(
    'passes a Fastify status %i through only when it is a client error',
    (given, sent) => {
      expect(
        handle(Object.assign(new Error('x'), { statusCode: given })).status,
      ).toBe(sent);
    },
  );

  it('answers 500 to something thrown that is not even an object', () => {
    expect(handle(null).status).toBe(500);
    expect(handle('text').status).toBe(500);
  });

  it('takes the detail from a string answer, a list of messages, or the exception itself', () => {
    expect(handle(new HttpException('plain', 418)).body).toMatchObject({
      status: 418,
      detail: 'plain',
    });
    expect(
      handle(new BadRequestException({ message: ['a', 'b'] })).body,
    ).toMatchObject({ detail: 'a; b' });
    expect(handle(new HttpException({ errors: [] }, 400)).body).toMatchObject({
      detail: 'Http Exception',
      errors: [],
    });
  });

  it('names where a merged-away record went, and nothing else of the answer', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const body = handle(
      new HttpException(
        { message: 'Gone into another.', merged_into: id, secret: 'x' },
        404,
      ),
    ).body;
    expect(body).toMatchObject({
      detail: 'Gone into another.',
      merged_into: id,
    });
    expect(body).not.toHaveProperty('secret');
    expect(handle(new HttpException('plain', 404)).body).not.toHaveProperty(
      'merged_into',
    );
  });

  it('logs nothing for a client error without a cause, and a server error with its message', () => {
    handle(new ConflictException('Taken.'));
    expect(warn).not.toHaveBeenCalled();
    handle(
      toHttpException({
        status: 500,
        error: { code: 'XX000', message: 'internal', details: 'row (1, x)' },
      }),
    );
    expect((error.mock.calls[0] as unknown[])[0]).toMatchObject({
      cause: { code: 'XX000', status: 500, message: 'internal' },
    });
    expect(JSON.stringify(error.mock.calls)).not.toContain('row (1, x)');
  });
});
