import { Module, RequestMethod } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { appConfig } from '../config/app.config';

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
  remoteAddress?: string;
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
      useFactory: (app: ConfigType<typeof appConfig>) => ({
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
              url: req.url,
              userAgent: req.headers['user-agent'],
              remoteAddress: req.remoteAddress,
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
      }),
    }),
  ],
})
export class LoggingModule {}
