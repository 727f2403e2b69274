import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { answer, escapeHtml } from '@pwless/mock/rules';
import { sendHtml, sendJson } from './http.js';
import type { Store } from './store.js';

export const devClientId = 'dev-app';
export const devClientSecret = 'dev-app-secret-for-local-trials-only';

/**
 * `--dev` only: a tiny app on the provider's own origin that signs in the way Immich or Grafana do
 * (authorization code, PKCE, client secret), so a first try needs nothing else.
 */
export function devApp(issuer: string) {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  const redirectUri = `${issuer}/dev/app/callback`;

  function page(response: ServerResponse, body: string): void {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'" });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>Demo app</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:auto;padding:1rem}pre{white-space:pre-wrap;overflow-wrap:anywhere}</style></head><body><h1>Demo app</h1>${body}</body></html>`);
  }

  return async function handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    const url = new URL(request.url ?? '/', issuer);
    if (path === '/dev/app') {
      page(response, `<p>An app that signs in with this provider, like Immich would.</p><p><a href="${escapeHtml(`${issuer}/dev/app/login`)}">Sign in with email</a></p><p>Your messages arrive in the <a href="${escapeHtml(`${issuer}/dev/mail`)}">mail catcher</a>.</p>`);
      return true;
    }
    if (path === '/dev/app/login') {
      const state = randomBytes(16).toString('base64url');
      const verifier = randomBytes(32).toString('base64url');
      const nonce = randomBytes(16).toString('base64url');
      pending.set(state, { verifier, nonce });
      const target = new URL(`${issuer}/auth`);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      for (const [name, value] of Object.entries({ client_id: devClientId, response_type: 'code', scope: 'openid email profile', redirect_uri: redirectUri, state, nonce, code_challenge: challenge, code_challenge_method: 'S256' })) {
        target.searchParams.set(name, value);
      }
      response.writeHead(303, { Location: target.href, 'Cache-Control': 'no-store' }).end();
      return true;
    }
    if (path === '/dev/app/callback') {
      const state = url.searchParams.get('state') ?? '';
      const transaction = pending.get(state);
      pending.delete(state);
      const code = url.searchParams.get('code');
      if (!transaction || !code) {
        page(response, `<p>That did not work: ${escapeHtml(url.searchParams.get('error') ?? 'unknown sign-in')}.</p><p><a href="/dev/app">Try again</a></p>`);
        return true;
      }
      const tokenResponse = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${devClientId}:${devClientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: transaction.verifier }),
      });
      const tokens = (await tokenResponse.json()) as { id_token?: string; error?: string };
      if (!tokens.id_token) {
        page(response, `<p>The token request failed: ${escapeHtml(tokens.error ?? String(tokenResponse.status))}.</p>`);
        return true;
      }
      const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer, audience: devClientId });
      if (payload['nonce'] !== transaction.nonce) throw new Error('nonce mismatch');
      page(response, `<p>Signed in as <strong>${escapeHtml(String(payload['email'] ?? payload.sub))}</strong>. The app received this ID token:</p><pre>${escapeHtml(JSON.stringify(payload, null, 2))}</pre><p><a href="${escapeHtml(`${issuer}/session/end?client_id=${devClientId}&post_logout_redirect_uri=${encodeURIComponent(`${issuer}/dev/app`)}`)}">Sign out</a></p>`);
      return true;
    }
    return false;
  };
}

/** `--dev` only: the mail catcher, every message the provider "sent", newest first. */
export async function devMail(store: Store, response: ServerResponse, json: boolean): Promise<void> {
  const inbox = await store.read((data) => [...data.rules.inbox].reverse());
  if (json) return sendJson(response, answer(200, inbox));
  const rows = inbox
    .map(
      (message) =>
        `<article><h2>${escapeHtml(message.subject || 'SMS')}</h2><p>To ${escapeHtml(message.to)} · ${escapeHtml(new Date(message.sentAt).toLocaleString('en'))}</p>` +
        `${message.code ? `<p>Code: <strong>${escapeHtml(message.code)}</strong></p>` : ''}${message.link ? `<p><a href="${escapeHtml(message.link)}">Open the sign-in link</a></p>` : ''}<pre>${escapeHtml(message.text)}</pre></article>`,
    )
    .join('');
  sendHtml(
    response,
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="3"><meta name="color-scheme" content="light dark"><title>Mail catcher · pwless-provider --dev</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:auto;padding:1rem}pre{white-space:pre-wrap}article{border-block-end:1px solid;padding-block:.5rem}</style></head><body><h1>Mail catcher</h1><p>Messages the provider sent, newest first (this page refreshes itself).</p>${rows || '<p>No messages yet.</p>'}</body></html>`,
  );
}
