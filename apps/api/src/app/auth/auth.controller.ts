import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Ip, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { AuthProviders, SessionUser, TokenResponse } from '@huddle/shared-types';
import { Public } from '../common/public.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuthUser } from './auth-user';
import { CurrentUser, RequirePermission } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { RefreshDto } from './dto/refresh.dto';
import { AuthProvidersDto, SessionUserDto, TokenResponseDto } from './dto/token-response.dto';
import { PasswordLoginService } from './password-login.service';
import { Permission } from './permissions';
import { LoginThrottle } from './rate-limit';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly passwordLogin: PasswordLoginService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sign-in methods for the login page. */
  @Public()
  @Get('providers')
  @ApiOkResponse({ type: AuthProvidersDto })
  providers(): AuthProviders {
    return { password: true, oidc: Boolean(this.config.OIDC_ISSUER) };
  }

  /** Email + password sign-in. Any refusal is the same 401 "Invalid email or password". */
  @Public()
  @LoginThrottle()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this email from this address' })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenResponse> {
    return this.passwordLogin.login(body.email, body.password, ip);
  }

  /** New tokens for a live session; the refresh token presented stops working. */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: TokenResponseDto })
  refresh(@Body() body: RefreshDto, @Ip() ip: string): Promise<TokenResponse> {
    return this.auth.refresh(body.refreshToken, ip);
  }

  /** Ends the caller's session. */
  @Post('logout')
  @RequirePermission(Permission.SELF)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthUser, @Ip() ip: string): Promise<void> {
    return this.auth.logout(user, ip);
  }

  /** The signed-in user. */
  @Get('me')
  @RequirePermission(Permission.SELF)
  @ApiBearerAuth()
  @ApiOkResponse({ type: SessionUserDto })
  me(@CurrentUser() user: AuthUser): Promise<SessionUser> {
    return this.auth.me(user);
  }
}
