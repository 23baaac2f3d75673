import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthGuard } from './auth.guard';

@Module({
  providers: [AccessTokenVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
