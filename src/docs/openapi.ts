import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigType } from '@nestjs/config';
import {
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { API_PREFIX } from '../app.prefix';
import { appConfig } from '../config/app.config';
import { ProblemDetailsDto } from '../common/problem-details.dto';

export const DOCS_PATH = 'api/docs';
/** The licence's text, linked from the document. Swagger UI keeps `${DOCS_PATH}/LICENSE` for itself. */
export const LICENSE_PATH = `${DOCS_PATH}/license.txt`;
/** The repository's LICENSE, beside dist/ in the image and in a checkout. */
const LICENSE_FILE = join(__dirname, '..', '..', 'LICENSE');

/** The OpenAPI document of the app as it is configured: what /api/docs-json serves. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const { name, version } = app.get<ConfigType<typeof appConfig>>(
    appConfig.KEY,
  );
  const config = new DocumentBuilder()
    .setTitle(name)
    .setDescription(
      'The Visual CRM REST API. Every route but the health probes acts as the caller: send a ' +
        'Supabase access token as `Authorization: Bearer <token>`, and Postgres’ Row Level ' +
        'Security decides what it may see and change. Errors are `application/problem+json` ' +
        '(RFC 9457) with the request id. Answers of rate-limited routes carry `RateLimit-Policy` ' +
        'and `RateLimit` (draft-ietf-httpapi-ratelimit-headers); a 429 carries `Retry-After`. ' +
        'Concurrent edits: an answer carrying a deal carries its version as `ETag`; send it back ' +
        'as `If-Match`, and a 412 (edit) or 409 (move) means someone changed it first: ' +
        'fetch the deal or the column again and retry.',
    )
    .setVersion(version)
    .setLicense('Proprietary', `/${LICENSE_PATH}`)
    .addServer(
      `/${API_PREFIX}`,
      'The deployment that serves this document, in production, staging or a local stack: ' +
        'the URL is relative to it.',
    )
    .addTag(
      'workspaces',
      'Teams: members with roles (viewer, member, admin, owner) and invitations.',
    )
    .addTag('customers', 'The people and companies a sales team works with.')
    .addTag(
      'pipeline',
      'Pipelines of ordered stages, the board, and the summary of what is open, won and lost.',
    )
    .addTag(
      'timeline',
      'What happened to customers and deals, the notes, calls and tasks people add, and live updates.',
    )
    .addTag(
      'deals',
      'Opportunities on the board: create, edit, move between and within stages.',
    )
    .addTag(
      'companies',
      'Organisations, the people at them, their duplicates and merges.',
    )
    .addTag(
      'search',
      'One search box over the people, companies and deals of a workspace.',
    )
    .addTag('health', 'Probes for Kubernetes, and a detailed view for people.')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'A Supabase Auth access token: a JWS checked as RFC8725 (JWT best current practices) ' +
        'asks. The key decides the algorithm: ES256, RS256 or EdDSA with the project’s ' +
        'published signing keys, HS256 only with the legacy secret when one is configured; ' +
        '`none` and any other algorithm are refused. `exp`, `sub`, the issuer and the audience ' +
        '`authenticated` are required and checked.',
    })
    .addSecurityRequirements('bearer')
    .build();
  // The audience of every server (OWASP API9, inventory): the CRM's clients, not an internal one.
  config.servers = config.servers?.map((server) => ({
    ...server,
    'x-internal': false,
  }));
  return SwaggerModule.createDocument(app, config, {
    // Paths are relative to the server URL above.
    ignoreGlobalPrefix: true,
    extraModels: [ProblemDetailsDto],
  });
}

/**
 * OpenAPI document at /api/docs-json and its UI at /api/docs. The document is built on the first
 * request for it, not at start-up (start-up and the pods' memory do not pay for what few read),
 * then kept, and so are its JSON bytes: SwaggerModule would serialise it on every request (10 ms
 * of CPU, against 1 ms for kept bytes) and dump YAML at /api/docs-yaml on every request (60 ms),
 * which the contract does not offer. So SwaggerModule serves the UI only, and this the JSON.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  let document: OpenAPIObject | undefined;
  const getDocument = () => (document ??= buildOpenApiDocument(app));
  SwaggerModule.setup(DOCS_PATH, app, getDocument, { raw: false });
  const instance = app.getHttpAdapter().getInstance();
  let json: Buffer | undefined;
  instance.get(`/${DOCS_PATH}-json`, (_request, reply) => {
    json ??= Buffer.from(JSON.stringify(getDocument()));
    return reply.type('application/json; charset=utf-8').send(json);
  });
  let license: Promise<string> | undefined;
  instance.get(`/${LICENSE_PATH}`, async (_request, reply) => {
    license ??= readFile(LICENSE_FILE, 'utf8');
    return reply
      .type('text/plain; charset=utf-8')
      .header('Cache-Control', 'public, max-age=86400')
      .send(await license);
  });
}
