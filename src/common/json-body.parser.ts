import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isUtf8 } from 'node:buffer';

/** Deeper than any request body of this API; far below what would exhaust the stack. */
export const MAX_JSON_DEPTH = 32;
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Wider than any DTO of this API (a unit spec holds every DTO to these). Validation costs grow
 * with every key and item, so a body past them is refused before class-transformer sees it.
 */
export const MAX_BODY_PROPERTIES = 50;
export const MAX_BODY_ARRAY_ITEMS = 100;

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

/** Why a parsed body is wider than any DTO allows, or undefined when it is not. */
export function jsonWidthProblem(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > MAX_BODY_ARRAY_ITEMS) {
      return `The body has an array of more than ${MAX_BODY_ARRAY_ITEMS} items.`;
    }
    for (const item of value) {
      const problem = jsonWidthProblem(item);
      if (problem) return problem;
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length > MAX_BODY_PROPERTIES) {
      return `The body has an object of more than ${MAX_BODY_PROPERTIES} properties.`;
    }
    for (const key of keys) {
      const problem = jsonWidthProblem((value as Record<string, unknown>)[key]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Request bodies: JSON only. Valid UTF-8, nested at most MAX_JSON_DEPTH deep (deeper input would
 * exhaust the stack of the validation that follows), parsed by Fastify's own parser (which
 * refuses prototype poisoning), and no wider than any DTO. Every other content type, forms and
 * plain text included, is a 415.
 */
export function useJsonBodyParser(app: NestFastifyApplication): void {
  const instance = app.getHttpAdapter().getInstance();
  const parseJson = instance.getDefaultJsonParser(
    'error',
    'error',
  ) as unknown as JsonParser;
  instance.removeAllContentTypeParsers();
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
      parseJson(request, text, (error, value) => {
        const problem = error ? undefined : jsonWidthProblem(value);
        if (problem) done(new BadBodyError(problem), undefined);
        else done(error, value);
      });
    },
  );
}
