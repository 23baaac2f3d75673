import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config';
import { validateEnv } from './env.validation';
import { healthConfig } from './health.config';
import { securityConfig } from './security.config';
import { supabaseConfig } from './supabase.config';

/** Validates the whole environment once at start-up and serves typed namespaces. */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      // Tests and production pass a real environment; only development reads .env.
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      validate: validateEnv,
      load: [appConfig, supabaseConfig, healthConfig, securityConfig],
    }),
  ],
})
export class AppConfigModule {}
