// A local OpenID provider for the SSO tests (oidc-provider, run as a child process because it is ESM).
// Accounts: any email; the account id is the email; `email_verified` is false for emails starting
// with "unverified". The interaction page signs in as `?as=<email>` and grants consent without asking.
// RP-initiated logout: its end_session_endpoint (/session/end) records every call it receives and every
// provider session it ended; GET /test/end-session-calls answers {calls: [query…], ended: [clientId…]}.
// Prints {"issuer": "..."} on stdout once listening. Env: REDIRECT_URI, CLIENT_ID, CLIENT_SECRET,
// POST_LOGOUT_REDIRECT_URI.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: process.env.POST_LOGOUT_REDIRECT_URI ? [process.env.POST_LOGOUT_REDIRECT_URI] : [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, email: sub, email_verified: !sub.startsWith('unverified'), name: sub }),
  }),
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['huddle-test-only-cookie-key'] },
});

const endSession = { calls: [], ended: [] };
provider.on('end_session.success', (ctx) => endSession.ended.push(ctx.oidc.entities.Client?.clientId ?? null));
provider.use(async (ctx, next) => {
  if (ctx.path === '/test/end-session-calls') {
    ctx.body = endSession;
    return;
  }
  if (ctx.path === '/session/end' && ctx.method === 'GET') endSession.calls.push({ ...ctx.query });
  return next();
});

provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  let result;
  if (details.prompt.name === 'login') {
    result = { login: { accountId: String(ctx.query.as) } };
  } else {
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    result = { consent: { grantId: await grant.save() } };
  }
  const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(redirectTo);
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
