import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { appConfig } from './config/app.config';
import { setupOpenApi } from './docs/openapi';

export const API_PREFIX = 'api/v1';
export const REQUEST_ID_HEADER = 'x-request-id';

// An incoming id is echoed into logs and responses: accept only a short, plain token.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(req: IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && ACCEPTABLE_REQUEST_ID.test(sent)
    ? sent
    : randomUUID();
}

/** The HTTP server options shared by main.ts and the e2e specs. */
export function createFastifyAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    requestIdHeader: false,
    genReqId: requestIdFor,
    // Fastify's own request log would duplicate pino-http's.
    logger: false,
  });
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  return adapter;
}

/** Everything about the app that must be the same in production and in tests. */
export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  setupOpenApi(app);
  const { corsOrigins } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: corsOrigins,
      exposedHeaders: [REQUEST_ID_HEADER],
    });
  }
}
