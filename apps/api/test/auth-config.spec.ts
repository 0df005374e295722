import type { EntityManager } from 'typeorm';
import { ConfigError, loadConfig } from '../src/app/config/app-config';
import { OidcStateCodec } from '../src/app/auth/oidc/oidc-state.codec';
import { updateReturning } from '../src/app/auth/update-returning';

describe('sign-in settings', () => {
  it('defaults: lockout after 5 failures for 15 min, rate limits on (20 logins a minute), Secure refresh cookie, SSO off', () => {
    expect(loadConfig({})).toMatchObject({
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCKOUT_MINUTES: 15,
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_PER_MINUTE: 600,
      LOGIN_RATE_LIMIT_PER_MINUTE: 20,
      REFRESH_COOKIE_SECURE: true,
      OIDC_ISSUER: undefined,
      OIDC_SCOPES: 'openid email profile',
      OIDC_POST_LOGIN_PATH: '/login',
      OIDC_MAX_AGE_SECONDS: 0,
    });
  });

  it('enables SSO only with issuer, client id and redirect URI together', () => {
    const sso = {
      OIDC_ISSUER: 'https://login.example.org',
      OIDC_CLIENT_ID: 'huddle',
      OIDC_REDIRECT_URI: 'https://huddle.example.org/api/auth/oidc/callback',
    };
    expect(loadConfig(sso).OIDC_CLIENT_ID).toBe('huddle');
    expect(() => loadConfig({ OIDC_ISSUER: sso.OIDC_ISSUER })).toThrow(/set all three/);
    expect(() => loadConfig({ ...sso, OIDC_REDIRECT_URI: 'https://huddle.example.org/elsewhere' })).toThrow(
      /OIDC_REDIRECT_URI=/,
    );
    expect(() => loadConfig({ OIDC_POST_LOGIN_PATH: 'https://evil.example' })).toThrow(/OIDC_POST_LOGIN_PATH=/);
    expect(() => loadConfig({ OIDC_POST_LOGIN_PATH: '//evil.example' })).toThrow(/OIDC_POST_LOGIN_PATH=/);
    for (const path of ['/\t/evil.example', '/\\evil.example', '/\n/evil', '/a//b', '/login?next=x', 'login']) {
      expect(() => loadConfig({ OIDC_POST_LOGIN_PATH: path })).toThrow(/OIDC_POST_LOGIN_PATH=/);
    }
    expect(loadConfig({ OIDC_POST_LOGIN_PATH: '/app/login' }).OIDC_POST_LOGIN_PATH).toBe('/app/login');
  });

  it('never prints a secret in a configuration error', () => {
    expect(() => loadConfig({ JWT_SECRET: 'too-short-but-secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_SECRET: 'too-short-but-secret' })).toThrow(/JWT_SECRET=\(hidden\)/);
    expect(() => loadConfig({ JWT_SECRET: 'too-short-but-secret' })).not.toThrow(/too-short-but-secret/);
  });
});

describe('OIDC state cookie', () => {
  const codec = new OidcStateCodec(loadConfig({ JWT_SECRET: 'x'.repeat(40) }));
  const flow = { state: 's1', nonce: 'n1', codeVerifier: 'v1', binding: 'b1' };
  const now = new Date('2026-11-23T10:00:00Z');

  it('opens what it sealed, until it expires after 10 minutes', () => {
    const sealed = codec.seal(flow, now);
    expect(codec.open(sealed, now)).toEqual(flow);
    expect(codec.open(sealed, new Date(now.getTime() + 599_000))).toEqual(flow);
    expect(codec.open(sealed, new Date(now.getTime() + 600_000))).toBeNull();
  });

  it('refuses forged, altered or foreign values', () => {
    const sealed = codec.seal(flow, now);
    const [payload, signature] = sealed.split('.');
    const altered = Buffer.from(JSON.stringify({ ...flow, state: 'evil', exp: 9e9 })).toString('base64url');
    expect(codec.open(`${altered}.${signature}`, now)).toBeNull();
    expect(codec.open(`${payload}.${signature}x`, now)).toBeNull();
    expect(codec.open(undefined, now)).toBeNull();
    expect(codec.open('garbage', now)).toBeNull();
    const other = new OidcStateCodec(loadConfig({ JWT_SECRET: 'y'.repeat(40) }));
    expect(other.open(sealed, now)).toBeNull();
  });
});

describe('updateReturning', () => {
  const answering = (answer: unknown) => ({ query: async () => answer }) as unknown as Pick<EntityManager, 'query'>;

  it("gives the rows of TypeORM's [rows, count] UPDATE answer, and plain rows otherwise", async () => {
    expect(await updateReturning(answering([[{ id: 1 }], 1]), 'UPDATE', [])).toEqual([{ id: 1 }]);
    expect(await updateReturning(answering([[], 0]), 'UPDATE', [])).toEqual([]);
    expect(await updateReturning(answering([{ id: 2 }]), 'SELECT', [])).toEqual([{ id: 2 }]);
  });
});
