import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Every request has an id: in every log line about it, in its answer, in its errors. */
export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id is echoed into logs and responses: accept only a short, plain token.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is a plain token, a new one otherwise (Fastify's genReqId). */
export function requestIdFor(req: IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && ACCEPTABLE_REQUEST_ID.test(sent)
    ? sent
    : randomUUID();
}
