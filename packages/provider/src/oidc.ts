import { createHash } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, htmlPage, pageLanguage, supportedLocales, type PageText } from '@pwless/mock/rules';
import { oidcClientMetadata, pageClient, verifyClientSecret } from './clients.js';
import { passkeysOn, type ProviderConfig } from './config.js';
import { storeAdapter } from './adapter.js';
import { activeSigningKeys, type KeySet } from './keys.js';
import type { Store } from './store.js';
import { userClaims } from './users.js';

/** Scopes apps may ask for, and the claims each brings. Extra per-user claims (`--claim`) come with `openid`. */
const scopeClaims: Record<string, string[]> = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name'],
  phone: ['phone_number', 'phone_number_verified'],
};

/**
 * Content-Security-Policy of the provider's script-free pages (errors, sign-out). No `form-action`:
 * Chromium applies it to the redirect after the sign-out form, which goes to the app's origin.
 */
export const noScriptPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/** The language of a page of the provider: `ui_locales` of the request, then the browser's `Accept-Language`. */
export function languageOf(ctx: KoaContextWithOIDC): PageText {
  const params = (ctx.oidc?.params ?? {}) as Record<string, unknown>;
  const uiLocales = typeof params['ui_locales'] === 'string' ? params['ui_locales'] : null;
  return pageLanguage({ uiLocales, acceptLanguage: ctx.get('accept-language') || null });
}

function sendPage(ctx: KoaContextWithOIDC, status: number, title: string, bodyHtml: string, text: PageText): void {
  const page = htmlPage(status, title, bodyHtml, text);
  ctx.status = status;
  for (const [name, value] of Object.entries(page.headers ?? {})) ctx.set(name, value);
  ctx.set('Content-Security-Policy', noScriptPolicy);
  ctx.body = page.body as string;
}

export interface OidcOptions {
  config: ProviderConfig;
  store: Store;
  keys: KeySet;
  /** Claim names users carry beyond the standard ones, so oidc-provider lets them into tokens. */
  extraClaims: string[];
}

/** oidc-provider, configured from the provider's config file: all of OAuth and OpenID Connect comes from it. */
export function createOidcProvider({ config, store, keys, extraClaims }: OidcOptions): Provider {
  const policy = config.policy;
  const clients = [pageClient(config.issuer), ...config.clients];
  const originsByClient = new Map(clients.map((client) => [client.client_id, new Set(client.origins ?? [])]));
  const configuration: Configuration = {
    adapter: storeAdapter(store.models),
    clients: clients.map(oidcClientMetadata),
    jwks: { keys: activeSigningKeys(keys) as NonNullable<Configuration['jwks']>['keys'] },
    cookies: {
      keys: keys.cookies,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    // `amr` (how the person proved the address: `otp`, plus `sms` for a text message) goes into ID tokens.
    claims: { ...scopeClaims, openid: [...scopeClaims['openid']!, 'amr', ...extraClaims], offline_access: [] },
    scopes: ['openid', 'email', 'profile', 'phone', 'offline_access'],
    // Apps such as Immich read the email from the ID token; it is the user's own and proven.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const user = await store.read((data) => (Object.hasOwn(data.rules.users, sub) ? data.rules.users[sub] : undefined));
      if (!user) return undefined;
      return { accountId: sub, claims: () => userClaims(user) as { sub: string } };
    },
    features: {
      devIntrospection: undefined,
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      // With a nonce secret, a proof whose iat is off (a device clock minutes wrong) is answered use_dpop_nonce
      // and accepted with the nonce (RFC 9449 §11.1) rather than refused. Derived from the cookie key, so
      // every process sharing the keys checks the same nonces.
      dPoP: { enabled: true, nonceSecret: createHash('sha256').update(`pwless dpop nonce\0${keys.cookies[0]}`).digest() },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const text = languageOf(ctx);
          sendPage(
            ctx,
            200,
            text.signOutHeading,
            `${form}<p>${escapeHtml(text.signOutQuestion)}</p><button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">${escapeHtml(text.signOutButton)}</button><button type="submit" form="op.logoutForm" class="secondary">${escapeHtml(text.staySignedIn)}</button>`,
            text,
          );
        },
        async postLogoutSuccessSource(ctx) {
          const text = languageOf(ctx);
          sendPage(ctx, 200, text.signedOutHeading, `<p>${escapeHtml(text.closePage)}</p>`, text);
        },
      },
    } as Configuration['features'],
    pkce: { required: () => true },
    responseTypes: ['code'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      dPoPSigningAlgValues: ['ES256', 'EdDSA', 'RS256', 'PS256'],
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Every client is registered by the administrator: signing in is consent enough.
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      if (!accountId || !oidc.client) return undefined;
      const existingId = oidc.session?.grantIdFor(oidc.client.clientId);
      const grant = (existingId ? await oidc.provider.Grant.find(existingId) : undefined) ?? new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
      const scope = oidc.params?.['scope'];
      if (typeof scope === 'string') grant.addOIDCScope(scope);
      const claims = oidc.params?.['claims'];
      if (typeof claims === 'string') {
        try {
          const parsed = JSON.parse(claims) as { id_token?: object; userinfo?: object };
          if (parsed.id_token) grant.addOIDCClaims(Object.keys(parsed.id_token));
          if (parsed.userinfo) grant.addOIDCClaims(Object.keys(parsed.userinfo));
        } catch {
          // oidc-provider itself refuses a malformed `claims` parameter.
        }
      }
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token') && client.clientId !== pageClient(config.issuer).client_id,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: policy.refreshTokenLifetime ?? 30 * 86400,
      RefreshToken: policy.refreshTokenLifetime ?? 30 * 86400,
      Session: policy.sessionLifetime ?? 14 * 86400,
    },
    clientBasedCORS(_ctx, origin, client) {
      return originsByClient.get(client.clientId)?.has(origin) ?? false;
    },
    discovery: {
      authorization_challenge_endpoint: `${config.issuer}/challenge`,
      pwless_deliveries_supported: policy.deliveries ?? ['code', 'link'],
      pwless_channels_supported: config.sms ? ['email', 'sms'] : ['email'],
      ...(!passkeysOn(config) ? {} : { pwless_passkeys_supported: true, pwless_passkeys_endpoint: `${config.issuer}/passkeys` }),
      ui_locales_supported: supportedLocales,
      claims_locales_supported: undefined,
    },
    async renderError(ctx, out, error) {
      const text = languageOf(ctx);
      // The OAuth error name helps an administrator; the sentence is for the person.
      const detail = typeof out['error'] === 'string' ? `<p><small>${escapeHtml(out['error'])}</small></p>` : '';
      const message = out['error'] === 'invalid_redirect_uri' ? text.unknownRedirectUri : out['error'] === 'invalid_client' ? text.unknownClient : text.signInExpired;
      sendPage(ctx, (error as { statusCode?: number }).statusCode ?? 400, text.cannotContinueHeading, `<p class="error" role="alert">${escapeHtml(message)}</p>${detail}`, text);
    },
  };
  const provider = new Provider(config.issuer, configuration);
  provider.proxy = config.proxy;
  // Every answer of oidc-provider starts with a strict policy; the form_post page adds the hash of
  // its one inline script to it, and the provider's own pages replace it with theirs.
  provider.use(async (ctx, next) => {
    ctx.set('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    ctx.set('X-Content-Type-Options', 'nosniff');
    await next();
  });
  // Client secrets from `clients add` are stored as scrypt hashes; oidc-provider compares plain ones.
  const plainCompare = provider.Client.prototype.compareClientSecret;
  provider.Client.prototype.compareClientSecret = async function compareClientSecret(this: InstanceType<typeof provider.Client>, actual: string) {
    const stored = this.clientSecret ?? '';
    if (stored.startsWith('scrypt$')) return verifyClientSecret(actual, stored);
    return plainCompare.call(this, actual);
  };
  return provider;
}
