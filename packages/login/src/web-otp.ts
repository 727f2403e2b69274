interface OtpCredential extends Credential {
  code: string;
}

/**
 * Waits for the SMS with the one-time code through the WebOTP API (Chromium on Android), so the
 * user taps "Allow" instead of typing. Resolves `undefined` where the API is missing, when the
 * user declines, or when `signal` aborts (the element aborts when the user leaves the code step).
 */
export async function receiveSmsCode(signal: AbortSignal): Promise<string | undefined> {
  // Also when the step was left while this module was on its way.
  if (!('OTPCredential' in globalThis) || !navigator.credentials || signal.aborted) return undefined;
  try {
    const options = { otp: { transport: ['sms'] }, signal } as CredentialRequestOptions;
    const credential = (await navigator.credentials.get(options)) as OtpCredential | null;
    return credential?.code;
  } catch {
    return undefined;
  }
}
