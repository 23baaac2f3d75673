import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
  type HeadersObject,
} from '@nestjs/swagger';

import { ProblemDetailsDto } from '../common/problem-details.dto';
import { MAX_BODY_BYTES } from '../common/json-body.parser';
import { int32 } from '../common/field-formats';
import {
  RATE_LIMIT_HEADER,
  RATE_LIMIT_POLICY_HEADER,
} from '../rate-limit/rate-limit.guards';

export type ProblemStatus =
  400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 422 | 429 | 503;

const DEFAULT_PROBLEMS: Record<ProblemStatus, string> = {
  400: 'The request is invalid (an unknown, missing or malformed parameter or field); `errors` names each.',
  401: 'No access token, or one that is invalid or expired; `WWW-Authenticate` says which.',
  403: 'Your role in this workspace does not allow this.',
  404: 'No such resource, or not one you may see.',
  409: 'The request conflicts with the current state of the resource.',
  410: 'The resource existed but is gone for good.',
  412: 'The resource changed since the version given in `If-Match`; fetch it again.',
  413: `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
  415: 'The body is not JSON: send `Content-Type: application/json`.',
  422: 'The request is well-formed but cannot be carried out as it is.',
  429: 'Over a rate limit: retry after the seconds given in `Retry-After`.',
  503: 'A dependency (the database, or the project’s signing keys) cannot be reached right now; retry shortly.',
};

/** The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers) every limited answer carries. */
export const RATE_LIMIT_HEADERS: HeadersObject = {
  [RATE_LIMIT_POLICY_HEADER]: {
    description:
      'The budgets this request counts against: `"ip"` per client address, `"user"` per signed-in user; `q` requests per `w` seconds.',
    schema: {
      type: 'string',
      maxLength: 200,
      example: '"ip";q=1200;w=60, "user";q=600;w=60',
    },
  },
  [RATE_LIMIT_HEADER]: {
    description:
      'What is left of each budget: `r` requests, for the next `t` seconds.',
    schema: {
      type: 'string',
      maxLength: 200,
      example: '"ip";r=1187;t=42, "user";r=596;t=42',
    },
  },
};

/**
 * CORS (OWASP API8, security misconfiguration: say who may call from a browser). Declared on
 * every answer, problems included, because @fastify/cors sets it before the route runs.
 */
export const CORS_HEADERS: HeadersObject = {
  'Access-Control-Allow-Origin': {
    description:
      'The request’s `Origin`, echoed back when `CORS_ORIGINS` lists it; absent otherwise. ' +
      'With `CORS_ORIGINS` empty (the default) no browser on another origin may read the answer.',
    schema: { type: 'string', format: 'uri', maxLength: 2048 },
  },
};

const RETRY_AFTER: HeadersObject = {
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: int32(1, 3600),
  },
};

const WWW_AUTHENTICATE: HeadersObject = {
  'WWW-Authenticate': {
    description: 'The Bearer challenge (RFC 6750).',
    schema: { type: 'string', maxLength: 200 },
  },
};

export interface ApiRouteOptions {
  /** Stable and camelCase: client generators name their methods after it. */
  operationId: string;
  summary: string;
  description?: string;
  /** The answer when it works. */
  success: {
    status: number;
    description: string;
    type?: Type<unknown>;
    headers?: HeadersObject;
    /** A media type other than JSON (an event stream). */
    content?: Record<string, { schema: Record<string, unknown> }>;
  };
  /** Every problem the route can answer, with a sentence of its own where the default is vague. */
  problems: Partial<Record<ProblemStatus, string | true>>;
  /** Open to callers without a token (`security: []`). */
  public?: boolean;
  /** Counts against the rate limits (every route but the probes). */
  rateLimited?: boolean;
}

/**
 * The OpenAPI description of a route, in one place: its id, summary, success answer and every
 * problem+json answer it can give, with the headers each carries.
 */
export function ApiRoute(options: ApiRouteOptions) {
  const limited = options.rateLimited ?? true;
  const limitHeaders = limited ? RATE_LIMIT_HEADERS : {};
  const problems = Object.entries<string | true>(options.problems);
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiOperation({
      operationId: options.operationId,
      summary: options.summary,
      description: options.description,
      ...(options.public ? { security: [] } : {}),
    }),
    ApiResponse({
      status: options.success.status,
      description: options.success.description,
      type: options.success.type,
      headers: {
        ...CORS_HEADERS,
        ...limitHeaders,
        ...options.success.headers,
      },
      ...(options.success.content ? { content: options.success.content } : {}),
    }),
    ...problems.map(([code, text]) => {
      const status = Number(code) as ProblemStatus;
      return ApiResponse({
        status,
        description: text === true ? DEFAULT_PROBLEMS[status] : text,
        headers: {
          ...CORS_HEADERS,
          ...limitHeaders,
          ...(status === 429 ? RETRY_AFTER : {}),
          ...(status === 401 ? WWW_AUTHENTICATE : {}),
        },
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDetailsDto) },
          },
        },
      });
    }),
  );
}
