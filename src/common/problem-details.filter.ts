import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpExceptionWithHeaders } from './http-exception-with-headers';
import {
  type FieldError,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problem,
} from './problem-details';

/** Anything thrown with a message meant for clients carries this shape. */
interface ClientErrorBody {
  message?: string | string[];
  errors?: FieldError[];
  merged_into?: string;
}

/** Errors raised by Fastify itself (body parsing, limits) carry their status. */
function fastifyStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500
    ? status
    : undefined;
}

/**
 * What of a driver error may be logged. Postgres puts row values in `details` ("Key (email)=(…)
 * already exists") and input in some messages ("invalid input syntax for type uuid: \"…\""):
 * client errors keep their codes only, server errors their message too, never details.
 */
export function loggableCause(
  cause: unknown,
  serverError: boolean,
): Record<string, unknown> | undefined {
  if (!cause || typeof cause !== 'object') return undefined;
  const { code, status, message, hint } = cause as Record<string, unknown>;
  return serverError ? { code, status, message, hint } : { code, status };
}

/**
 * The one error shape of the API: RFC 9457 problem details with the request id. What a driver
 * or a library said stays in the log, next to that id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = this.toProblem(error, request);
    const serverError = body.status >= 500;
    const cause = loggableCause(
      error instanceof Error ? error.cause : undefined,
      serverError,
    );
    if (serverError) {
      this.logger.error(
        {
          err: error instanceof HttpException ? undefined : error,
          cause,
          requestId: request.id,
        },
        body.detail,
      );
    } else if (cause) {
      this.logger.warn({ cause, requestId: request.id }, body.detail);
    }
    void reply
      .status(body.status)
      .headers(error instanceof HttpExceptionWithHeaders ? error.headers : {})
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .send(body);
  }

  private toProblem(error: unknown, request: FastifyRequest): ProblemDetails {
    const context = { instance: request.url, request_id: String(request.id) };
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      if (typeof response === 'string')
        return problem(status, response, context);
      const { message, errors, merged_into } = response as ClientErrorBody;
      const detail = Array.isArray(message)
        ? message.join('; ')
        : (message ?? error.message);
      return problem(status, detail, {
        ...context,
        ...(errors && { errors }),
        ...(merged_into && { merged_into }),
      });
    }
    const status = fastifyStatus(error);
    if (status !== undefined) {
      return problem(status, (error as Error).message, context);
    }
    return problem(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'The server could not complete the request.',
      context,
    );
  }
}
