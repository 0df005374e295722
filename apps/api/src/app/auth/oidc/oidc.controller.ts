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
import { OIDC_BINDING_COOKIE, OIDC_STATE_COOKIE, OIDC_STATE_TTL_SECONDS } from './oidc-state.codec';
import { OidcService } from './oidc.service';

/** App paths only: a leading single slash, no `//`, backslash, tab or newline (checked again at each redirect). */
const APP_PATH = /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/;

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

  /**
   * Starts SSO: redirects to the issuer, keeping state, nonce and PKCE verifier in a signed `__Host-`
   * cookie, and a random browser binding (checked at the exchange) in another.
   */
  @Get('login')
  @ApiFoundResponse({ description: 'Redirect to the issuer' })
  async login(@Res() res: FastifyReply): Promise<void> {
    this.oidc.requireEnabled();
    const { authorizationUrl, sealedState, binding } = await this.oidc.begin();
    const lifetime = { maxAge: OIDC_STATE_TTL_SECONDS, expires: new Date(Date.now() + OIDC_STATE_TTL_SECONDS * 1000) };
    await res
      .header('Cache-Control', 'no-store')
      // Lax: the state must come back on the issuer's top-level redirect to the callback.
      .header('Set-Cookie', serialize(OIDC_STATE_COOKIE, sealedState, { ...COOKIE, sameSite: 'lax', ...lifetime }))
      // Strict: only the dashboard's own exchange request carries the binding.
      .header('Set-Cookie', serialize(OIDC_BINDING_COOKIE, binding, { ...COOKIE, sameSite: 'strict', ...lifetime }))
      .redirect(authorizationUrl, HttpStatus.FOUND);
  }

  /** The issuer's redirect: verifies it, then sends the browser to the dashboard with a one-time code. */
  @Get('callback')
  @ApiFoundResponse({ description: 'Redirect to the dashboard with #oidc_code= or #oidc_error=' })
  async callback(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Ip() ip: string): Promise<void> {
    this.oidc.requireEnabled();
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    // Several state cookies (one planted by a sibling site): refuse rather than pick one.
    const fragment = await this.oidc.complete(query, singleCookie(req, OIDC_STATE_COOKIE), ip);
    const target = APP_PATH.test(this.config.OIDC_POST_LOGIN_PATH) ? this.config.OIDC_POST_LOGIN_PATH : '/login';
    await res
      .header('Cache-Control', 'no-store')
      .header('Set-Cookie', serialize(OIDC_STATE_COOKIE, '', { ...COOKIE, sameSite: 'lax', expires: new Date(0) }))
      .redirect(`${target}#${fragment}`, HttpStatus.FOUND);
  }

  /**
   * Exchanges the one-time code for Huddle tokens (single use, valid 60 s), only in the browser that
   * started the sign-in: its binding cookie must match the code's (no login CSRF with an insider's code).
   */
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
    const binding = singleCookie(req, OIDC_BINDING_COOKIE);
    void reply.header(
      'Set-Cookie',
      serialize(OIDC_BINDING_COOKIE, '', { ...COOKIE, sameSite: 'strict', expires: new Date(0) }),
    );
    return respondWithRefreshCookie(req, reply, this.config, await this.oidc.exchange(body.code, binding, ip));
  }
}

/** `__Host-` cookies: Secure, Path=/, no Domain (browsers treat http://localhost as secure too). */
const COOKIE = { httpOnly: true, secure: true, path: '/' } as const;

/** The value of the one cookie named `name`; undefined when absent, several, or undecodable. */
function singleCookie(req: FastifyRequest, name: string): string | undefined {
  const values = cookieValues(req, name);
  return values.length === 1 ? values[0] : undefined;
}

/** Every value of the cookies named `name` (no cookie parser is installed; duplicates are kept). */
function cookieValues(req: FastifyRequest, name: string): string[] {
  const values: string[] = [];
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      values.push(decodeURIComponent(value.join('=')));
    } catch {
      values.push('');
    }
  }
  return values;
}
