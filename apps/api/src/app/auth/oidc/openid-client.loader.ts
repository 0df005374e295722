import type * as OpenIdClientModule from 'openid-client';

/** The `openid-client` module (ESM only, so loaded with a dynamic import). */
export type OpenIdClient = typeof OpenIdClientModule;

let loading: Promise<OpenIdClient> | undefined;

/** Loads `openid-client` once, on first use: deployments without SSO never load it. */
export function loadOpenIdClient(): Promise<OpenIdClient> {
  return (loading ??= import('openid-client'));
}
