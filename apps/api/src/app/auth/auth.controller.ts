import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Ip, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { AuthProviders, LogoutResponse, SessionUser, TokenResponse } from '@huddle/shared-types';
import { PermissionDeniedError } from '../common/errors';
import { Public } from '../common/public.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuthUser } from './auth-user';
import { CurrentUser, RequirePermission } from './auth.decorators';
import { AuthService, missingRefreshToken, RefreshRefusedError } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { OPAQUE_TOKEN, RefreshDto } from './dto/refresh.dto';
import { AuthProvidersDto, LogoutResponseDto, SessionUserDto, TokenResponseDto } from './dto/token-response.dto';
import { OidcService } from './oidc/oidc.service';
import { PasswordLoginService } from './password-login.service';
import { Permission } from './permissions';
import { LoginThrottle } from './rate-limit';
import {
  CLIENT_HEADER,
  clearRefreshCookie,
  isCookieClient,
  readRefreshCookie,
  respondWithRefreshCookie,
} from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly passwordLogin: PasswordLoginService,
    private readonly auth: AuthService,
    private readonly oidc: OidcService,
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
  async login(
    @Body() body: LoginDto,
    @Ip() ip: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    return this.withCookie(req, reply, await this.passwordLogin.login(body.email, body.password, ip));
  }

  /**
   * New tokens for a live session; the refresh token presented stops working. The token comes from the
   * body (API clients) or from the HttpOnly `huddle_refresh` cookie, which is accepted only with the
   * `X-Huddle-Client` header (a cross-site form cannot send it: CSRF protection on top of SameSite=Strict).
   */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiHeader({ name: CLIENT_HEADER, required: false, description: 'Required when the token comes from the cookie' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiForbiddenResponse({ description: 'Cookie refresh without the X-Huddle-Client header' })
  async refresh(
    @Body() body: RefreshDto,
    @Ip() ip: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    let token = body.refreshToken;
    const fromCookie = !token;
    if (fromCookie) {
      token = readRefreshCookie(req);
      if (!token) throw missingRefreshToken();
      if (!isCookieClient(req)) throw new PermissionDeniedError(`The ${CLIENT_HEADER} header is required`);
      if (!OPAQUE_TOKEN.test(token)) {
        clearRefreshCookie(reply, this.config);
        throw missingRefreshToken();
      }
    }
    try {
      return this.withCookie(req, reply, await this.auth.refresh(token as string, ip));
    } catch (error) {
      // A concurrent refresh from another tab already set the next cookie: leave it alone.
      if (fromCookie && error instanceof RefreshRefusedError && error.reason !== 'superseded') {
        clearRefreshCookie(reply, this.config);
      }
      throw error;
    }
  }

  /**
   * Ends the caller's session and clears the refresh cookie. After an SSO sign-in the answer carries the
   * identity provider's end-session URL (RP-initiated logout), which the dashboard opens so the
   * provider's session ends too (a shared workstation's next SSO click must not go straight in).
   */
  @Post('logout')
  @RequirePermission(Permission.SELF)
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOkResponse({ type: LogoutResponseDto })
  async logout(
    @CurrentUser() user: AuthUser,
    @Ip() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LogoutResponse> {
    const idToken = await this.auth.logout(user, ip);
    clearRefreshCookie(reply, this.config);
    return { endSessionUrl: idToken ? await this.oidc.endSessionUrl(idToken) : null };
  }

  /** The signed-in user. */
  @Get('me')
  @RequirePermission(Permission.SELF)
  @ApiBearerAuth()
  @ApiOkResponse({ type: SessionUserDto })
  me(@CurrentUser() user: AuthUser): Promise<SessionUser> {
    return this.auth.me(user);
  }

  /** Sets the refresh cookie; the dashboard (`X-Huddle-Client`) gets the token in the cookie only. */
  private withCookie(req: FastifyRequest, reply: FastifyReply, tokens: TokenResponse): TokenResponse {
    return respondWithRefreshCookie(req, reply, this.config, tokens);
  }
}
