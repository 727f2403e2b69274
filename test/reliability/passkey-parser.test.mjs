// Property-based checks (fast-check, seeded) of the passkey answers' parsers that the mock and the
// provider share: whatever a client posts as pwless_passkey or credential, the answer is the
// parsed response or invalid_request, never a crash, and a well-formed response survives intact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AnswerError } from '../../packages/mock/dist/http.js';
import { parseAuthenticationResponse, parseRegistrationResponse } from '../../packages/mock/dist/passkeys.js';
import { announce, propertyParameters, record, runs, seed } from './settings.mjs';

async function check(t, name, property) {
  announce(t);
  await fc.assert(property, propertyParameters);
  await record({ group: 'Property-based', check: name, inputs: runs, seed, result: 'holds' });
}

/** Either the parsed value, or the 400 invalid_request answer; anything else fails the property. */
function outcome(parse, text) {
  try {
    return { parsed: parse(text) };
  } catch (error) {
    assert.ok(error instanceof AnswerError, `threw ${error}`);
    assert.equal(error.answer.status, 400);
    assert.equal(error.answer.body.error, 'invalid_request');
    return { refused: true };
  }
}

const b64u = fc.base64String({ minLength: 4, maxLength: 200 }).map((text) => text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')).filter((text) => text.length > 0 && text.length % 4 !== 1);
const anyJson = fc.jsonValue({ maxDepth: 4 });
const assertionResponse = fc.record({
  id: b64u,
  clientDataJSON: b64u,
  authenticatorData: b64u,
  signature: b64u,
  userHandle: fc.option(b64u, { nil: undefined }),
  extra: fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }),
}).map(({ id, extra, ...response }) => ({ ...extra, id, rawId: id, type: 'public-key', response: { ...response }, clientExtensionResults: {} }));

/** One field of a good response replaced by any JSON value (or removed). */
const broken = fc.tuple(assertionResponse, fc.constantFrom('id', 'rawId', 'type', 'response', 'response.clientDataJSON', 'response.authenticatorData', 'response.signature'), fc.option(anyJson, { nil: undefined })).map(([value, path, replacement]) => {
  const copy = structuredClone(value);
  const [first, second] = path.split('.');
  const target = second ? copy[first] : copy;
  const key = second ?? first;
  if (replacement === undefined) delete target[key];
  else target[key] = replacement;
  return { copy, path, replacement, original: value };
});

describe('the passkey parsers', () => {
  it('answer a parsed response or invalid_request for any text, never a crash', async (t) => {
    await check(
      t,
      'Passkeys: pwless_passkey and credential of any text (JSON or not) parse or answer invalid_request; never throw anything else',
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), anyJson.map((value) => JSON.stringify(value))), (text) => {
        outcome(parseAuthenticationResponse, text);
        outcome(parseRegistrationResponse, text);
      }),
    );
  });

  it('keep a well-formed AuthenticationResponseJSON intact and drop unknown members', async (t) => {
    await check(
      t,
      'Passkeys: a well-formed AuthenticationResponseJSON (any base64url values, extra members) parses to exactly its WebAuthn fields',
      fc.property(assertionResponse, (value) => {
        const { parsed } = outcome(parseAuthenticationResponse, JSON.stringify(value));
        assert.ok(parsed, 'a well-formed response is accepted');
        assert.deepEqual(parsed, {
          id: value.id,
          rawId: value.id,
          type: 'public-key',
          response: {
            clientDataJSON: value.response.clientDataJSON,
            authenticatorData: value.response.authenticatorData,
            signature: value.response.signature,
            ...(value.response.userHandle ? { userHandle: value.response.userHandle } : {}),
          },
          clientExtensionResults: {},
        });
      }),
    );
  });

  it('refuse a response with any required member missing or of another type', async (t) => {
    await check(
      t,
      'Passkeys: an AuthenticationResponseJSON with a required member removed or replaced by other JSON answers invalid_request (unless the replacement is itself valid)',
      fc.property(broken, ({ copy, path, replacement, original }) => {
        const result = outcome(parseAuthenticationResponse, JSON.stringify(copy));
        const stillValid =
          replacement !== undefined &&
          ((path === 'type' && replacement === 'public-key') ||
            (typeof replacement === 'string' && /^[A-Za-z0-9_-]+$/.test(replacement) && replacement.length % 4 !== 1 && (path.startsWith('response.') || ((path === 'id' || path === 'rawId') && replacement === original.id))));
        assert.equal(result.refused === true, !stillValid, JSON.stringify(copy));
      }),
    );
  });
});
