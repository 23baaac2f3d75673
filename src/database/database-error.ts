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
  UnprocessableEntityException,
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

/** Our messages are plain sentences; anything else (a driver's text) is never passed on. */
function ownMessage(message: string | undefined): string | undefined {
  if (!message || message.length > 200 || !/^[a-z][a-z ,:'’-]*$/i.test(message))
    return undefined;
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
  if (code === '23505') {
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
  if (code === 'PT422') {
    return new UnprocessableEntityException(
      'This Idempotency-Key was already used for a different request.',
      { cause },
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
