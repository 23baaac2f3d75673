import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { appConfig } from '../config/app.config';

export const DOCS_PATH = 'api/docs';

/** OpenAPI document at /api/docs-json and its UI at /api/docs. */
export function setupOpenApi(app: INestApplication): void {
  const { name, version } = app.get<ConfigType<typeof appConfig>>(
    appConfig.KEY,
  );
  const config = new DocumentBuilder()
    .setTitle(name)
    .setDescription(
      'The Visual CRM REST API. Every customer route acts as the caller: send a Supabase access ' +
        'token as `Authorization: Bearer <token>`. Errors are `application/problem+json` (RFC 9457).',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}
