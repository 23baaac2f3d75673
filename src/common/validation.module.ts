import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { createValidationPipe } from './validation.pipe';

/** Every body, query and parameter validated against its DTO, app-wide. */
@Module({
  providers: [{ provide: APP_PIPE, useFactory: createValidationPipe }],
})
export class ValidationModule {}
