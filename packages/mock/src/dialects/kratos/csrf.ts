import type { Context } from '../../context.js';
import { sha256 } from '../../crypto.js';

function secureCookies(context: Context): boolean {
  return new URL(context.issuer).protocol === 'https:';
}

/** A cookie as Kratos sets them: host-only, `HttpOnly`, `SameSite=Lax`, `Secure` on https. */
export function cookie(context: Context, name: string, value: string, maxAge: number): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secureCookies(context) ? '; Secure' : ''}`;
}

/** `csrf_token_` + hex SHA-256 of the public URL, as nosurfx names the anti-CSRF cookie. */
export async function csrfCookieName(context: Context): Promise<string> {
  const digest = await sha256(context.issuer);
  return `csrf_token_${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** nosurf's masking: a fresh one-time pad with every form, so the token in a page never repeats. */
export function maskToken(token: string): string {
  const raw = Uint8Array.from(atob(token), (c) => c.charCodeAt(0));
  const pad = crypto.getRandomValues(new Uint8Array(raw.length));
  const masked = new Uint8Array(raw.length * 2);
  masked.set(pad);
  raw.forEach((byte, index) => (masked[raw.length + index] = byte ^ pad[index]!));
  return btoa(String.fromCharCode(...masked));
}

export function unmaskToken(masked: string): string | undefined {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(masked), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  if (bytes.length === 0 || bytes.length % 2 !== 0) return undefined;
  const half = bytes.length / 2;
  return btoa(String.fromCharCode(...bytes.slice(half).map((byte, index) => byte ^ bytes[index]!)));
}

/** The anti-CSRF cookie's token, made (and set) when the browser has none yet. */
export async function csrfToken(context: Context, cookies: Record<string, string>, setCookies: string[]): Promise<string> {
  const name = await csrfCookieName(context);
  const existing = cookies[name];
  if (existing) return decodeURIComponent(existing);
  const token = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  setCookies.push(cookie(context, name, encodeURIComponent(token), 31536000));
  return token;
}
