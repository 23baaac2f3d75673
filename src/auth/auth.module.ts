import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  IpRateLimitGuard,
  UserRateLimitGuard,
} from '../rate-limit/rate-limit.guards';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthGuard } from './auth.guard';
import { SigningKeys } from './signing-keys';

/** Who may call, in this order: the address's budget, a valid token, the user's budget. */
@Module({
  imports: [RateLimitModule],
  providers: [
    SigningKeys,
    AccessTokenVerifier,
    { provide: APP_GUARD, useClass: IpRateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: UserRateLimitGuard },
  ],
})
export class AuthModule {}
