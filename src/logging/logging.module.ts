import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { appConfig } from '../config/app.config';
import { clientAddress, trustProxy } from '../common/client-address';

/** Header values and fields that must never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.apikey',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.secretKey',
  '*.token',
  '*.accessToken',
  '*.apiKey',
  '*.serviceRoleKey',
  '*.jwtSecret',
];

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, string | undefined>;
  raw: IncomingMessage;
}

/**
 * The path and the names of the query parameters, never their values: a search term or a
 * cursor is customer data.
 */
export function loggedUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const names = new Set(
    url
      .slice(query + 1)
      .split('&')
      .filter(Boolean)
      .map((pair) => decodeURIComponentSafe(pair.split('=')[0])),
  );
  return `${url.slice(0, query)}?${[...names].join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const PROBE_PATH = /^\/api\/v1\/health(\/|\?|$)/;

function originalUrl(req: IncomingMessage): string {
  // middie rewrites req.url; the path the client asked for is kept here.
  return (
    (req as IncomingMessage & { originalUrl?: string }).originalUrl ??
    req.url ??
    ''
  );
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => {
        const trust = trustProxy(app.trustProxy);
        return {
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          // Probes skip request logging altogether; readiness logs its own state changes.
          exclude: [
            { path: 'health', method: RequestMethod.GET },
            { path: 'health/{*splat}', method: RequestMethod.GET },
          ],
          pinoHttp: {
            level: app.logLevel,
            base: {
              service: app.name,
              version: app.version,
              env: app.environment,
            },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // What a request line needs, not every header: smaller lines, less to redact.
            serializers: {
              req: (req: SerializedRequest) => ({
                id: req.id,
                method: req.method,
                url: loggedUrl(req.url),
                userAgent: req.headers['user-agent'],
                remoteAddress: clientAddress(req.raw, trust),
              }),
              res: (res: { statusCode: number }) => ({
                statusCode: res.statusCode,
              }),
            },
            // Successful probes every few seconds from every node would drown the log.
            customLogLevel: (
              req: IncomingMessage,
              res: ServerResponse,
              err?: Error,
            ) => {
              if (err || res.statusCode >= 500) return 'error';
              if (res.statusCode >= 400) return 'warn';
              return PROBE_PATH.test(originalUrl(req)) ? 'silent' : 'info';
            },
            transport:
              app.environment === 'development'
                ? {
                    target: 'pino-pretty',
                    options: { singleLine: true, colorize: true },
                  }
                : undefined,
          },
        };
      },
    }),
  ],
})
export class LoggingModule {}
