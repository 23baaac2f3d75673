import { Module } from '@nestjs/common';
import { ActivitiesModule } from './activities/activities.module';
import { AuthModule } from './auth/auth.module';
import { ProblemDetailsModule } from './common/problem-details.module';
import { ValidationModule } from './common/validation.module';
import { AppConfigModule } from './config/app-config.module';
import { CompaniesModule } from './companies/companies.module';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LoggingModule } from './logging/logging.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { WorkspacesModule } from './workspaces/workspaces.module';
import {
  RateLimitModule,
  UserRateLimitModule,
} from './rate-limit/rate-limit.module';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    ProblemDetailsModule,
    ValidationModule,
    DatabaseModule,
    // Shutdown state and drain, which main.ts and app.setup.ts take from the app.
    LifecycleModule,
    // The address budget (a Fastify hook, see configureApp), then global guards in this
    // order: access token, user budget.
    RateLimitModule,
    AuthModule,
    UserRateLimitModule,
    HealthModule,
    WorkspacesModule,
    CustomersModule,
    CompaniesModule,
    PipelineModule,
    ActivitiesModule,
    EventsModule,
  ],
})
export class AppModule {}
