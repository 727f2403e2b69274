/** The answer of an endpoint; turned into a `Response` by the router. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function answer(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return headers ? { status, body, headers } : { status, body };
}

/** An RFC 6749 §5.2 style error answer. */
export function oauthError(status: number, error: string, description?: string, extra?: Record<string, unknown>): Answer {
  return answer(status, { error, ...(description ? { error_description: description } : {}), ...extra });
}

/** Thrown inside an endpoint to stop with an error answer. */
export class AnswerError extends Error {
  constructor(readonly answer: Answer) {
    super(String((answer.body as { error?: string }).error));
  }
}

export function fail(
  status: number,
  error: string,
  description?: string,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
): never {
  const body = oauthError(status, error, description, extra);
  throw new AnswerError(headers ? { ...body, headers } : body);
}

const maxBodyBytes = 16 * 1024;

/** The media type of a request without its parameters (`; charset=...`), lower-cased. */
export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a request body as UTF-8 text, refusing bodies over the limit and bytes that are not UTF-8. */
export async function readText(request: Request, limit = maxBodyBytes): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) fail(413, 'invalid_request', 'the body is too large');
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > limit) fail(413, 'invalid_request', 'the body is too large');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(400, 'invalid_request', 'the body is not UTF-8');
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body into single-valued parameters.
 * RFC 6749 §3.1: parameters must not be repeated; empty values count as absent.
 */
export async function readForm(request: Request): Promise<Map<string, string>> {
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    fail(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const text = await readText(request);
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (form.has(name)) fail(400, 'invalid_request', `parameter "${name}" is repeated`);
    if (value !== '') form.set(name, value);
  }
  return form;
}

export function required(form: Map<string, string>, name: string): string {
  const value = form.get(name);
  if (value === undefined) fail(400, 'invalid_request', `parameter "${name}" is missing`);
  return value;
}
