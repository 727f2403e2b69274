import { fail, mediaType, readText } from '../../http.js';

/**
 * Reads a JSON object or a form body: Auth0's endpoints take both (auth0-js sends JSON, auth0-spa-js
 * sends forms to `/oauth/token`). Empty form values count as absent, as in OAuth.
 */
export async function readBody(request: Request): Promise<Record<string, unknown>> {
  const type = mediaType(request);
  const text = await readText(request);
  if (type === 'application/x-www-form-urlencoded') {
    const body: Record<string, unknown> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      if (Object.hasOwn(body, name)) fail(400, 'invalid_request', `parameter "${name}" is repeated`);
      if (value !== '') body[name] = value;
    }
    return body;
  }
  if (type !== 'application/json') fail(400, 'invalid_request', 'the body must be JSON or application/x-www-form-urlencoded');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(400, 'invalid_request', 'the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(400, 'invalid_request', 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** A string field of a body, or `undefined` when it is absent, empty or not a string. */
export function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(body, name) ? body[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
