import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/app-config.module';
import { CustomersModule } from './customers/customers.module';
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
    AuthModule,
    HealthModule,
    CustomersModule,
  ],
})
export class AppModule {}
