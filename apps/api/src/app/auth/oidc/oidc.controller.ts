import { Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenResponse } from '@huddle/shared-types';
import { Public } from '../../common/public.decorator';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { OidcExchangeDto } from '../dto/refresh.dto';
import { respondWithRefreshCookie } from '../refresh-cookie';
import { TokenResponseDto } from '../dto/token-response.dto';
import { OIDC_STATE_COOKIE, OIDC_STATE_TTL_SECONDS } from './oidc-state.codec';
import { OidcService } from './oidc.service';

const COOKIE_PATH = '/api/auth/oidc';

/**
 * Single sign-on (enabled by the `OIDC_*` variables; 404 otherwise). The browser navigates to
 * `login`, comes back to `callback` from the issuer and lands on the dashboard's
 * `OIDC_POST_LOGIN_PATH#oidc_code=…`, which the dashboard POSTs to `exchange` for tokens.
 */
@ApiTags('auth')
@Public()
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts SSO: redirects to the issuer, keeping state, nonce and PKCE verifier in a signed cookie. */
  @Get('login')
  @ApiFoundResponse({ description: 'Redirect to the issuer' })
  async login(@Res() res: FastifyReply): Promise<void> {
    this.oidc.requireEnabled();
    const { authorizationUrl, sealedState } = await this.oidc.begin();
    await res
      .header('Cache-Control', 'no-store')
      .header(
        'Set-Cookie',
        serialize(OIDC_STATE_COOKIE, sealedState, {
          ...this.cookieOptions(),
          maxAge: OIDC_STATE_TTL_SECONDS,
          expires: new Date(Date.now() + OIDC_STATE_TTL_SECONDS * 1000),
        }),
      )
      .redirect(authorizationUrl, HttpStatus.FOUND);
  }

  /** The issuer's redirect: verifies it, then sends the browser to the dashboard with a one-time code. */
  @Get('callback')
  @ApiFoundResponse({ description: 'Redirect to the dashboard with #oidc_code= or #oidc_error=' })
  async callback(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Ip() ip: string): Promise<void> {
    this.oidc.requireEnabled();
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const fragment = await this.oidc.complete(query, readCookie(req, OIDC_STATE_COOKIE), ip);
    await res
      .header('Cache-Control', 'no-store')
      .header('Set-Cookie', serialize(OIDC_STATE_COOKIE, '', { ...this.cookieOptions(), expires: new Date(0) }))
      .redirect(`${this.config.OIDC_POST_LOGIN_PATH}#${fragment}`, HttpStatus.FOUND);
  }

  /** Exchanges the one-time code for Huddle tokens (single use, valid 60 s). */
  @Post('exchange')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: TokenResponseDto })
  async exchange(
    @Body() body: OidcExchangeDto,
    @Ip() ip: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    this.oidc.requireEnabled();
    return respondWithRefreshCookie(req, reply, this.config, await this.oidc.exchange(body.code, ip));
  }

  private cookieOptions(): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: string } {
    // Lax: the cookie must come back on the issuer's top-level redirect to the callback.
    const secure = new URL(this.config.OIDC_REDIRECT_URI ?? 'http://x').protocol === 'https:';
    return { httpOnly: true, sameSite: 'lax', secure, path: COOKIE_PATH };
  }
}

/** One cookie's value from the request (no cookie parser is installed). */
function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
