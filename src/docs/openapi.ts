import type { INestApplication } from '@nestjs/common';
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
        'and `RateLimit` (draft-ietf-httpapi-ratelimit-headers); a 429 carries `Retry-After`.',
    )
    .setVersion(version)
    .setLicense('Proprietary', '')
    .addServer(`/${API_PREFIX}`, 'This deployment')
    .addTag('customers', 'The people and companies a sales team works with.')
    .addTag('health', 'Probes for Kubernetes, and a detailed view for people.')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    // Paths are relative to the server URL above.
    ignoreGlobalPrefix: true,
    extraModels: [ProblemDetailsDto],
  });
}

/** OpenAPI document at /api/docs-json and its UI at /api/docs. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}
