import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config';
import { eventsConfig } from './events.config';
import { healthConfig } from './health.config';
import { postgresConfig } from './postgres.config';
import { securityConfig } from './security.config';
import { supabaseConfig } from './supabase.config';

/**
 * Serves the typed namespaces. The environment is validated once, by the first namespace built
 * (src/config/env.validation.ts); a bad one stops the app before it listens.
 */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      // Tests and production pass a real environment; only development reads .env.
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      load: [
        appConfig,
        supabaseConfig,
        postgresConfig,
        healthConfig,
        securityConfig,
        eventsConfig,
      ],
    }),
  ],
})
export class AppConfigModule {}
