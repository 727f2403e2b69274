// A small software authenticator for the passkey tests: ES256 keys made with WebCrypto, the
// authenticator data and the 'none' attestation object encoded in CBOR, assertions signed the way
// a platform authenticator signs them. It answers the server's options like a browser would
// (navigator.credentials.create/get + toJSON), and each ceremony can be bent (origin, RP ID,
// counter, flags, challenge) to make the answers the server must refuse.
import { isoCBOR } from '@simplewebauthn/server/helpers';

const encoder = new TextEncoder();

// No Buffer: the browser tests use this authenticator too.
export const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (character) => character.charCodeAt(0));
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const uint32 = (value) => new Uint8Array([(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);

/** WebCrypto signs ECDSA as r‖s; WebAuthn carries an ASN.1 DER `Ecdsa-Sig-Value`. */
function derSignature(raw) {
  const integer = (bytes) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let value = bytes.slice(start);
    if (value[0] & 0x80) value = concat(new Uint8Array([0]), value);
    return concat(new Uint8Array([0x02, value.length]), value);
  };
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, body.length]), body);
}

// Flags of the authenticator data (WebAuthn §6.1).
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

/** The AAGUID a test authenticator reports: all zeros, like an authenticator that names no model. */
const zeroAaguid = new Uint8Array(16);

export function softwareAuthenticator({ aaguid = zeroAaguid, backedUp = false } = {}) {
  /** Credentials by id (base64url): key pair, RP ID, user handle, signature counter. */
  const credentials = new Map();

  async function authenticatorData(rpId, flags, counter, attested = new Uint8Array()) {
    return concat(await sha256(encoder.encode(rpId)), new Uint8Array([flags]), uint32(counter), attested);
  }

  function clientData(type, challenge, origin, extra = {}) {
    return encoder.encode(JSON.stringify({ type, challenge, origin, crossOrigin: false, ...extra }));
  }

  return {
    credentials,

    /**
     * Answers PublicKeyCredentialCreationOptionsJSON with a RegistrationResponseJSON for `origin`.
     * `bend` changes what a browser would never change: { rpId, challenge, userVerified, type }.
     */
    async create(options, origin, bend = {}) {
      const rpId = bend.rpId ?? options.rp.id;
      const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey);
      const coseKey = isoCBOR.encode(
        new Map([
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, fromBase64url(jwk.x)],
          [-3, fromBase64url(jwk.y)],
        ]),
      );
      const rawId = crypto.getRandomValues(new Uint8Array(16));
      const attested = concat(aaguid, new Uint8Array([0, rawId.length]), rawId, coseKey);
      const flags = UP | (bend.userVerified === false ? 0 : UV) | AT | (backedUp ? BE | BS : 0);
      const authData = await authenticatorData(rpId, flags, 0, attested);
      const attestationObject = isoCBOR.encode(new Map([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
      const id = base64url(rawId);
      credentials.set(id, { keyPair, rpId, userHandle: options.user.id, counter: 0 });
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: base64url(clientData(bend.type ?? 'webauthn.create', bend.challenge ?? options.challenge, origin)),
          attestationObject: base64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },

    /**
     * Answers PublicKeyCredentialRequestOptionsJSON with an AuthenticationResponseJSON signed by
     * the credential `id` (default: the first one for the RP ID, as a discoverable credential).
     * `bend`: { rpId, challenge, counter, userVerified, type }. The counter goes up by one unless
     * `bend.counter` sets it.
     */
    async get(options, origin, { id, ...bend } = {}) {
      const credentialId = id ?? [...credentials].find(([, credential]) => credential.rpId === options.rpId)?.[0];
      const credential = credentials.get(credentialId);
      if (!credential) throw new Error('no credential for this RP ID');
      credential.counter = bend.counter ?? credential.counter + 1;
      const rpId = bend.rpId ?? options.rpId;
      const flags = UP | (bend.userVerified === false ? 0 : UV) | (backedUp ? BE | BS : 0);
      const authData = await authenticatorData(rpId, flags, credential.counter);
      const clientDataJSON = clientData(bend.type ?? 'webauthn.get', bend.challenge ?? options.challenge, origin);
      const signed = concat(authData, await sha256(clientDataJSON));
      const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, credential.keyPair.privateKey, signed));
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: base64url(clientDataJSON),
          authenticatorData: base64url(authData),
          signature: base64url(derSignature(raw)),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },
  };
}
