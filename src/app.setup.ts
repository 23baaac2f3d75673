import type { ConfigType } from '@nestjs/config';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { createServer, type RequestListener } from 'node:http';
import { API_PREFIX } from './app.prefix';
import { appConfig } from './config/app.config';
import { currentEnv } from './config/env.validation';
import { trustProxy } from './common/client-address';
import { setupOpenApi } from './docs/openapi';
import { ShutdownState } from './lifecycle/shutdown.state';
import { REQUEST_ID_HEADER, requestIdFor } from './logging/request-id';
import { MAX_BODY_BYTES, useJsonBodyParser } from './common/json-body.parser';
import { useAddressRateLimit } from './rate-limit/address-rate-limit.hook';

/** Nest's own options shared by main.ts and the e2e specs. */
export const NEST_APP_OPTIONS = {
  // Body parsers are ours alone (JSON only): Nest's defaults would also accept forms.
  bodyParser: false,
  bufferLogs: true,
} as const;

export interface SlowClientLimits {
  /** Time allowed for a request's headers to arrive. */
  headersTimeoutMs: number;
  /** Time allowed for a whole request (headers and body) to arrive. */
  requestTimeoutMs: number;
}

const SLOW_CLIENT_LIMITS: SlowClientLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
};

/** The HTTP server options shared by main.ts and the e2e specs. */
export function createFastifyAdapter(
  limits = SLOW_CLIENT_LIMITS,
): FastifyAdapter {
  const adapter = new FastifyAdapter({
    // request.ip (rate limits, logs) is the client's, not the ingress'.
    trustProxy: trustProxy(currentEnv().TRUST_PROXY),
    requestIdHeader: false,
    genReqId: requestIdFor,
    // Fastify's own request log would duplicate pino-http's.
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    // A client that trickles its request in is cut off rather than holding a socket. Node
    // checks these on an interval (30 s by default); check at a fraction of the limit instead.
    serverFactory: (handler: RequestListener) =>
      createServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          connectionsCheckingInterval: Math.min(
            1000,
            limits.headersTimeoutMs / 2,
          ),
        },
        handler,
      ),
  });
  return adapter;
}

/** Everything about the app that must be the same in production and in tests. */
export function configureApp(app: NestFastifyApplication): void {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // CORS first: its hook answers preflights and names the origin on every answer, 429s included.
  const { corsOrigins } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: corsOrigins,
      exposedHeaders: [REQUEST_ID_HEADER],
    });
  }
  // Then the address budget, before the body parser and the documentation's routes.
  useAddressRateLimit(app);
  useJsonBodyParser(app);
  setupOpenApi(app);
  const shutdown = app.get(ShutdownState);
  // One hook, for speed. Every answer carries its request id (logging/request-id.ts); while draining, answers also close their connection
  // so clients move to other pods instead of reusing a socket about to go away.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      if (shutdown.shuttingDown) reply.header('Connection', 'close');
      done(null, payload);
    });
}
