// Property-based checks (fast-check, seeded) of what users type and what servers answer: the
// code field, email and phone validation in the SDK, the element and the mock, the mock's body
// parsers, and every vendor dialect's error mapping. Browser modules without DOM needs run here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeDigits } from '../../packages/login/dist/format.js';
import { toIdentifier } from '../../packages/login/dist/identifier.js';
import { parseIdentifier } from '../../packages/mock/dist/identifier.js';
import { AnswerError, readForm, readText } from '../../packages/mock/dist/http.js';
import { readBody as readAuth0Body } from '../../packages/mock/dist/dialects/auth0/body.js';
import { errorFromResponse, PwlessError, pwlessErrorCodes } from '../../packages/sdk/dist/errors.js';
import { isEmail, isPhone, loginHint } from '../../packages/sdk/dist/identifier.js';
import { announce, propertyParameters, record, runs, seed } from './settings.mjs';

/** Runs a property and records it for the report. */
async function check(t, name, property) {
  announce(t);
  await fc.assert(property, propertyParameters);
  await record({ group: 'Property-based', check: name, inputs: runs, seed, result: 'holds' });
}

const digitZeros = [0x30, 0x660, 0x6f0, 0x966, 0xff10];
/** Anything a person can type or paste, astral characters and lone surrogates included. */
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
const emailLike = fc.oneof(
  fc.emailAddress(),
  fc.tuple(fc.emailAddress(), anyText, fc.nat(40)).map(([email, noise, at]) => email.slice(0, at % (email.length + 1)) + noise + email.slice(at % (email.length + 1))),
  fc.tuple(fc.stringMatching(/^[^@\s]{1,12}$/), fc.domain()).map(([local, domain]) => `${local}@${domain}`),
  fc.tuple(fc.constantFrom(' ', '\t', '\u00a0', '\ufeff', '\n'), fc.emailAddress()).map(([space, email]) => `${space}${email}${space}`),
  anyText,
);
const phoneLike = fc.oneof(
  fc.stringMatching(/^\+[1-9]\d{6,14}$/),
  fc.tuple(fc.constantFrom('+', '＋', ''), fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...digitZeros), fc.constantFrom('', ' ', '-', '.', '(', ')')), { maxLength: 18 })).map(
    ([plus, digits]) => plus + digits.map(([digit, zero, separator]) => String.fromCodePoint(zero + digit) + separator).join(''),
  ),
  anyText,
);

describe('the code field', () => {
  it('keeps only digits, of any of the supported scripts, as ASCII, and never throws', async (t) => {
    await check(
      t,
      'Code input: normalizeDigits keeps only the digits of anything typed or pasted, as ASCII; idempotent; never throws',
      fc.property(anyText, (typed) => {
        const digits = normalizeDigits(typed);
        assert.match(digits, /^[0-9]*$/);
        assert.ok(digits.length <= [...typed].length);
        assert.equal(normalizeDigits(digits), digits);
      }),
    );
  });

  it('reads a code written in Arabic-Indic, Persian, Devanagari or full-width digits with separators as the same code', async (t) => {
    await check(
      t,
      'Code input: a code in any supported script, mixed and with separators or junk between digits, reads as the same ASCII code',
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.constantFrom(...digitZeros), fc.stringMatching(/^[^\d\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19]{0,3}$/)), { minLength: 1, maxLength: 12 }),
        (parts) => {
          const typed = parts.map(([digit, zero, junk]) => String.fromCodePoint(zero + digit) + junk).join('');
          assert.equal(normalizeDigits(typed), parts.map(([digit]) => String(digit)).join(''));
        },
      ),
    );
  });
});

describe('email and phone validation', () => {
  it('never throws in the SDK; loginHint answers a trimmed hint or an invalid_identifier error', async (t) => {
    await check(
      t,
      'SDK identifiers: isEmail/isPhone never throw; loginHint answers a valid hint or PwlessError invalid_identifier',
      fc.property(emailLike, phoneLike, (email, phone) => {
        assert.equal(typeof isEmail(email), 'boolean');
        assert.equal(typeof isPhone(phone), 'boolean');
        for (const hint of [loginHint({ email }), loginHint({ phone })]) {
          if (hint instanceof PwlessError) assert.equal(hint.code, 'invalid_identifier');
          else assert.ok(isEmail(hint) || isPhone(hint), hint);
        }
      }),
    );
  });

  it('accepts in the element exactly what the SDK then sends, and the mock accepts all of it', async (t) => {
    await check(
      t,
      'Identifiers agree: what the element accepts the SDK accepts unchanged, and the mock (and so the provider) accepts every hint the SDK sends',
      fc.property(emailLike, phoneLike, (email, phone) => {
        const typedEmail = toIdentifier(email, 'email');
        const sdkEmail = loginHint({ email });
        if (typedEmail) assert.equal(loginHint(typedEmail), typedEmail.email);
        assert.equal(typedEmail?.email, sdkEmail instanceof PwlessError ? undefined : sdkEmail);
        if (!(sdkEmail instanceof PwlessError)) {
          const parsed = parseIdentifier(sdkEmail);
          assert.equal(parsed.channel, 'email');
          assert.equal(parsed.identifier.toLowerCase(), sdkEmail.toLowerCase());
        }
        const typedPhone = toIdentifier(phone, 'sms');
        if (typedPhone) {
          assert.equal(loginHint(typedPhone), typedPhone.phone);
          assert.deepEqual(parseIdentifier(typedPhone.phone), { identifier: typedPhone.phone, channel: 'sms' });
        }
        const sdkPhone = loginHint({ phone });
        if (!(sdkPhone instanceof PwlessError)) assert.deepEqual(parseIdentifier(sdkPhone), { identifier: sdkPhone, channel: 'sms' });
      }),
    );
  });

  it('refuses in the mock only with its invalid_request answer', async (t) => {
    await check(
      t,
      'Mock identifiers: parseIdentifier answers an email or E.164 identifier, or a 400 invalid_request (invalid_identifier), nothing else',
      fc.property(fc.oneof(emailLike, phoneLike), (hint) => {
        try {
          const { identifier, channel } = parseIdentifier(hint);
          assert.ok(channel === 'email' || channel === 'sms');
          assert.equal(identifier, identifier.trim());
        } catch (error) {
          assert.ok(error instanceof AnswerError, String(error));
          assert.equal(error.answer.status, 400);
          assert.equal(error.answer.body.pwless_reason, 'invalid_identifier');
        }
      }),
    );
  });
});

const contentTypes = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
);
const formField = fc.tuple(fc.oneof(fc.constantFrom('client_id', 'login_hint', 'otp', 'auth_session', '__proto__', 'constructor', ''), fc.string()), anyText);
/** Bodies: forms with odd fields and escapes, JSON of any depth, raw bytes (not UTF-8 too), and oversized ones. */
const body = fc.oneof(
  fc.array(formField, { maxLength: 8 }).map((fields) => new TextEncoder().encode(fields.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'))),
  fc.array(formField, { maxLength: 8 }).map((fields) => new TextEncoder().encode(fields.map(([name, value]) => `${name}=${value}`).join('&'))),
  fc.jsonValue({ maxDepth: 6 }).map((value) => new TextEncoder().encode(JSON.stringify(value))),
  fc.integer({ min: 1, max: 5000 }).map((depth) => new TextEncoder().encode('['.repeat(depth) + ']'.repeat(depth))),
  fc.uint8Array({ maxLength: 300 }),
  fc.integer({ min: 16 * 1024 - 2, max: 40 * 1024 }).map((size) => new TextEncoder().encode(`login_hint=${'a'.repeat(size)}`)),
);
const request = (type, bytes) => new Request('http://127.0.0.1/challenge', { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: bytes });

describe("the mock's body parsers", () => {
  it('read a form into single values, or answer 400/413, never anything else', async (t) => {
    await check(
      t,
      'Mock form parser (readForm, readText): single-valued, no empty values, else a 400 or 413 answer; never another error',
      fc.asyncProperty(contentTypes, body, async (type, bytes) => {
        try {
          const form = await readForm(request(type, bytes));
          assert.ok(form instanceof Map);
          for (const value of form.values()) assert.notEqual(value, '');
        } catch (error) {
          assert.ok(error instanceof AnswerError, String(error));
          assert.ok([400, 413].includes(error.answer.status));
          assert.equal(error.answer.body.error, 'invalid_request');
        }
        try {
          assert.equal(typeof (await readText(request(type, bytes))), 'string');
        } catch (error) {
          assert.ok(error instanceof AnswerError, String(error));
        }
      }),
    );
  });

  it('read a JSON or form body (the Auth0 variant) into an object, or answer 400/413', async (t) => {
    await check(
      t,
      'Mock JSON/form parser (Auth0 variant readBody): a plain object, else a 400 or 413 answer; never another error',
      fc.asyncProperty(contentTypes, body, async (type, bytes) => {
        try {
          const parsed = await readAuth0Body(request(type, bytes));
          assert.equal(typeof parsed, 'object');
          assert.ok(parsed !== null && !Array.isArray(parsed));
        } catch (error) {
          assert.ok(error instanceof AnswerError, String(error));
          assert.ok([400, 413].includes(error.answer.status));
        }
      }),
    );
  });
});

/** A vendor's error answer: its known error names, anything else, any status and rate-limit headers. */
function vendorAnswers(shapes) {
  const headerValue = fc.option(fc.oneof(fc.nat().map(String), fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()), fc.string()), { nil: undefined });
  return fc
    .tuple(fc.integer({ min: 200, max: 599 }), fc.oneof(shapes, fc.anything(), fc.jsonValue()), headerValue, headerValue)
    .map(([status, json, retryAfter, reset]) => {
      const headers = new Headers();
      if (retryAfter !== undefined) headers.set('retry-after', retryAfter.replace(/[\r\n\0]/g, ''));
      if (reset !== undefined) headers.set('x-ratelimit-reset', reset.replace(/[\r\n\0]/g, ''));
      return { response: new Response(null, { status, headers }), body: json };
    });
}

function assertClosedError(error) {
  assert.ok(error instanceof PwlessError, String(error));
  assert.ok(pwlessErrorCodes.includes(error.code), error.code);
  assert.equal(typeof error.message, 'string');
  if (error.retryAfter !== undefined) assert.ok(Number.isFinite(error.retryAfter), String(error.retryAfter));
  if (error.attemptsRemaining !== undefined) assert.equal(typeof error.attemptsRemaining, 'number');
}

/** JSON that breaks code expecting a string: no usable toString, no prototype, numbers, arrays. */
const hostile = fc.oneof(fc.anything(), fc.constantFrom({ toString: 0 }, { toString: {}, valueOf: 1 }, Object.create(null), [], [[]], 0, true, null));
const someOf = (names) => fc.oneof(fc.constantFrom(...names), fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString'), hostile);
const dialects = {
  auth0: fc.record(
    { error: someOf(['invalid_grant', 'access_denied', 'unauthorized_client', 'too_many_attempts', 'invalid_request', 'bad.connection', 'server_error']), error_description: fc.oneof(fc.constantFrom('Wrong email or verification code.', 'The verification code has expired', "You've reached the maximum number of attempts. Please try to login again."), fc.string(), hostile) },
    { requiredKeys: [] },
  ),
  kratos: fc.record({ error: fc.record({ id: someOf(['session_already_available', 'self_service_flow_expired', 'security_csrf_violation', 'browser_location_change_required']), reason: fc.oneof(fc.constant('The request was submitted too often.'), fc.string(), hostile), message: fc.oneof(fc.string(), hostile), code: fc.integer() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  appwrite: fc.record({ type: someOf(['user_invalid_token', 'user_not_found', 'general_rate_limit_exceeded', 'user_blocked', 'general_argument_invalid', 'user_session_already_exists']), message: fc.oneof(fc.string(), hostile), code: fc.integer() }, { requiredKeys: [] }),
  supabase: fc.record({ code: fc.oneof(fc.integer(), someOf(['otp_expired', 'over_email_send_rate_limit', 'otp_disabled', 'validation_failed', 'flow_state_not_found', 'bad_code_verifier', 'refresh_token_already_used'])), error_code: someOf(['otp_expired', 'over_email_send_rate_limit', 'otp_disabled', 'validation_failed', 'flow_state_not_found', 'bad_code_verifier', 'session_not_found']), msg: fc.oneof(fc.string(), hostile), message: fc.oneof(fc.string(), hostile) }, { requiredKeys: [] }),
  stytch: fc.record({ status_code: fc.oneof(fc.integer(), hostile), error_type: someOf(['otp_code_not_found', 'unable_to_auth_otp_code', 'unable_to_auth_magic_link', 'pkce_mismatch', 'too_many_requests', 'invalid_email', 'no_signup_permission', 'session_not_found']), error_message: fc.oneof(fc.string(), hostile), request_id: fc.oneof(fc.string(), hostile) }, { requiredKeys: [] }),
  firebase: fc.record({ error: fc.oneof(fc.record({ code: fc.oneof(fc.integer(), hostile), message: someOf(['INVALID_OOB_CODE', 'EXPIRED_OOB_CODE', 'INVALID_EMAIL', 'TOO_MANY_ATTEMPTS_TRY_LATER', 'API_KEY_INVALID', 'USER_DISABLED', 'TOKEN_EXPIRED : x']), errors: fc.anything() }, { requiredKeys: [] }), hostile) }, { requiredKeys: [] }),
};

describe('every error mapping', () => {
  it('maps any pwless-profile error answer to one of our codes, never throws', async (t) => {
    await check(
      t,
      'Error mapping, pwless profile (errorFromResponse): any status and body → a closed PwlessError code',
      fc.property(vendorAnswers(fc.record({ error: someOf(['invalid_otp', 'otp_expired', 'slow_down', 'invalid_session', 'access_denied', 'redirect_to_web']), pwless_reason: fc.string(), retry_after: fc.anything(), attempts_remaining: fc.anything(), error_description: fc.anything() }, { requiredKeys: [] })), ({ response, body }) => {
        assertClosedError(errorFromResponse(response, body));
      }),
    );
  });

  for (const [dialect, shapes] of Object.entries(dialects)) {
    it(`maps any ${dialect} error answer to one of our codes, never throws`, async (t) => {
      const { Engine } = await import(`../../packages/sdk/dist/dialects/${dialect}.js`);
      const engine = new Engine({ issuer: new URL('https://vendor.example.com/'), clientId: 'app' }, {}, () => undefined);
      await check(
        t,
        `Error mapping, ${dialect} dialect: any status, body and Retry-After/X-RateLimit-Reset → a closed PwlessError code`,
        fc.property(vendorAnswers(shapes), fc.option(fc.record({ attemptsRemaining: fc.integer({ min: -2, max: 5 }), expiresAt: fc.integer() }), { nil: undefined }), (answer, challenge) => {
          engine.pending = challenge ? { challenge } : undefined;
          assertClosedError(engine.error(answer));
        }),
      );
    });
  }
});
