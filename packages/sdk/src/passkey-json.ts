/**
 * JSON ↔ WebAuthn for browsers without `PublicKeyCredential.parseRequestOptionsFromJSON` and
 * `toJSON()`: @simplewebauthn/browser's base64url helpers, in a chunk only such browsers load.
 */
import { base64URLStringToBuffer as buffer, bufferToBase64URLString as text } from '@simplewebauthn/browser';

type Json = Record<string, any>;

const descriptors = (list: Json[] | undefined) => list?.map((descriptor) => ({ ...descriptor, id: buffer(descriptor['id']) }));
const optionalText = (value: ArrayBuffer | null | undefined) => (value ? text(value) : undefined);

export function request(json: Json): PublicKeyCredentialRequestOptions {
  return { ...json, challenge: buffer(json['challenge']), allowCredentials: descriptors(json['allowCredentials']) } as PublicKeyCredentialRequestOptions;
}

export function creation(json: Json): PublicKeyCredentialCreationOptions {
  return {
    ...json,
    challenge: buffer(json['challenge']),
    user: { ...json['user'], id: buffer(json['user']['id']) },
    excludeCredentials: descriptors(json['excludeCredentials']),
  } as PublicKeyCredentialCreationOptions;
}

/** `credential.toJSON()` as the WebAuthn Level 3 spec defines it (RegistrationResponseJSON / AuthenticationResponseJSON). */
export function toJSON(credential: PublicKeyCredential): Json {
  const response = credential.response as AuthenticatorAttestationResponse & AuthenticatorAssertionResponse;
  return {
    id: credential.id,
    rawId: text(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: text(response.clientDataJSON),
      attestationObject: optionalText(response.attestationObject),
      transports: response.getTransports?.(),
      authenticatorData: optionalText(response.authenticatorData),
      signature: optionalText(response.signature),
      userHandle: optionalText(response.userHandle),
    },
  };
}
