import { Module } from '@nestjs/common';
import { AppConfigModule } from './config/app-config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { ProblemDetailsModule } from './common/problem-details.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    ProblemDetailsModule,
    DatabaseModule,
    HealthModule,
  ],
})
export class AppModule {}
