import { STATUS_CODES } from 'node:http';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';

/** What supabase-js resolves with when a call fails (errors resolve, they don't throw). */
export interface FailedCall {
  error: {
    code?: string;
    message?: string;
    details?: string | null;
    hint?: string | null;
  };
  status: number;
}

/** A data API answer that clients may see; the driver's own text never leaves the server. */
export class DatabaseUnavailableException extends ServiceUnavailableException {
  constructor(cause: unknown) {
    super('The database is unavailable right now; try again shortly.', {
      cause,
    });
  }
}

const BAD_INPUT = new Set([
  '23502', // not null violation
  '23514', // check violation
  'PGRST100', // unparsable query parameters
  'PGRST103', // range not satisfiable
]);
/** Class 22, data exception: a value Postgres cannot take (bad uuid, NUL byte, out of range). */
const DATA_EXCEPTION = '22';

const UNAVAILABLE_PREFIXES = ['08', '53', '57', '40', 'PGRST00'];

/** PT4xx: a client error our migrations raise on purpose. */
const OWN_CLIENT_ERROR = /^PT(4\d\d)$/;

/** Where a sentence of ours reads better in the API's words. */
const REWORDED: Record<string, string> = {
  'idempotency key reused for another request':
    'This Idempotency-Key was already used for a different request.',
};

/** Our messages are plain sentences; anything else (a driver's text) is never passed on. */
function ownMessage(message: string | undefined): string | undefined {
  if (
    !message ||
    message.length > 200 ||
    !/^[a-z][a-z_ ,:'’-]*$/i.test(message)
  )
    return undefined;
  if (REWORDED[message]) return REWORDED[message];
  // A sentence that starts with a field name keeps the name as the client sends it.
  if (/^\w+_\w+ /.test(message)) return `${message}.`;
  return `${message[0].toUpperCase()}${message.slice(1)}.`;
}

/**
 * The one place that turns a failed PostgREST/Postgres call into an HTTP error.
 * The original error travels as `cause`, for the log only.
 */
export function toHttpException(failed: FailedCall): HttpException {
  const { error, status } = failed;
  const code = error.code ?? '';
  const cause = { ...error, status };
  // status 0: no HTTP answer at all (refused, reset, timed out, aborted).
  if (status === 0 || code === '')
    return new DatabaseUnavailableException(cause);
  if (code === 'PGRST116')
    return new NotFoundException('The resource does not exist.', { cause });
  // 23P01: an exclusion constraint (one card per place in a column), checked at commit.
  if (code === '23505' || code === '23P01') {
    return new ConflictException(
      'A resource with the same unique value already exists.',
      {
        cause,
      },
    );
  }
  if (code === '23503') {
    return new ConflictException(
      'The resource refers to something that does not exist.',
      {
        cause,
      },
    );
  }
  if (BAD_INPUT.has(code) || code.startsWith(DATA_EXCEPTION)) {
    return new BadRequestException(
      'The request has a value the database cannot accept.',
      {
        cause,
      },
    );
  }
  // Our own SQL functions raise PTxyz (PostgREST answers HTTP xyz) with a message written for
  // clients: "a workspace keeps at least one owner", "no such workspace".
  const own = OWN_CLIENT_ERROR.exec(code);
  if (own) {
    return new HttpException(
      ownMessage(error.message) ?? STATUS_CODES[Number(own[1])] ?? 'Error',
      Number(own[1]),
      { cause },
    );
  }
  if (code === '42501') {
    return new ForbiddenException('You are not allowed to do this.', { cause });
  }
  if (code.startsWith('PGRST30')) {
    return new UnauthorizedException('The access token was not accepted.', {
      cause,
    });
  }
  if (
    UNAVAILABLE_PREFIXES.some((prefix) => code.startsWith(prefix)) ||
    status >= 500
  ) {
    return new DatabaseUnavailableException(cause);
  }
  return new InternalServerErrorException(
    'The server could not complete the request.',
    {
      cause,
    },
  );
}

/** A supabase-js answer: its data, or its error thrown as the HTTP error it means. */
export function unwrap<T>(answer: {
  data: unknown;
  error: FailedCall['error'] | null;
  status: number;
}): T {
  if (answer.error)
    throw toHttpException({ error: answer.error, status: answer.status });
  return answer.data as T;
}
