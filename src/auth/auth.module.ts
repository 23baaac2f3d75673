import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthGuard } from './auth.guard';
import { SigningKeys } from './signing-keys';

/** Every route needs a verified Supabase access token unless it is @Public(). */
@Module({
  providers: [
    SigningKeys,
    AccessTokenVerifier,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
