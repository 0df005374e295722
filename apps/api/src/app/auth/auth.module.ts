import { createSecretKey, randomBytes } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthHandoffRepository } from './oidc/auth-handoff.repository';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { OidcStateCodec } from './oidc/oidc-state.codec';
import { LoginThrottleRepository } from './login-throttle.repository';
import { PasswordLoginService } from './password-login.service';
import { PasswordService } from './password.service';
import { throttlerOptions } from './rate-limit';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';
import { StaffAccountRepository } from './staff-account.repository';

/**
 * Authentication and authorisation: the global guards (deny by default, then rate limits — in this
 * order, so limits count per signed-in user), sessions, password and SSO sign-in, patient scoping.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise re-derives the key on every verify (first
        // trying it as a public key, and throwing) — that alone was a fifth of an API request's CPU.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET ?? randomBytes(48).toString('base64url'))),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({ inject: [APP_CONFIG, DataSource], useFactory: throttlerOptions }),
  ],
  controllers: [AuthController, OidcController],
  providers: [
    SessionService,
    SessionRepository,
    AccessService,
    AccessRepository,
    AuthService,
    PasswordService,
    PasswordLoginService,
    LoginThrottleRepository,
    StaffAccountRepository,
    AuthHandoffRepository,
    OidcStateCodec,
    OidcService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
  exports: [SessionService, AccessService, PasswordService],
})
export class AuthModule {}
