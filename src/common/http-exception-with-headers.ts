import { HttpException } from '@nestjs/common';

/**
 * An HTTP error that needs response headers of its own (WWW-Authenticate on a 401, Retry-After
 * on a 429): the problem+json filter sends them with the problem.
 */
export class HttpExceptionWithHeaders extends HttpException {
  constructor(
    detail: string,
    status: number,
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(detail, status);
  }
}
