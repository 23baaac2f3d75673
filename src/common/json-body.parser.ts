import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isUtf8 } from 'node:buffer';

/** Deeper than any request body of this API; far below what would exhaust the stack. */
export const MAX_JSON_DEPTH = 32;
export const MAX_BODY_BYTES = 1024 * 1024;

/** Fastify's default JSON parser, in the callback form it has. */
type JsonParser = (
  request: unknown,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void;

class BadBodyError extends Error {
  readonly statusCode = 400;
}

/** Nesting depth of a JSON text, counted outside strings, stopping once past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * JSON bodies: valid UTF-8 only, nested at most MAX_JSON_DEPTH deep (deeper input would
 * exhaust the stack of the validation that follows), then Fastify's own parser, which refuses
 * prototype poisoning.
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const parseJson = app
    .getHttpAdapter()
    .getInstance()
    .getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  app.useBodyParser(
    'application/json',
    { bodyLimit: MAX_BODY_BYTES },
    (request, body, done) => {
      // A DELETE or a restore sent with a JSON content type and nothing in it: no body.
      if (body.length === 0) {
        done(null, undefined);
        return;
      }
      if (!isUtf8(body)) {
        done(new BadBodyError('The body is not valid UTF-8.'), undefined);
        return;
      }
      const text = body.toString('utf8');
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        done(
          new BadBodyError(
            `The body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
          ),
          undefined,
        );
        return;
      }
      parseJson(request, text, done);
    },
  );
}
