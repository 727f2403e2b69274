/** Kratos' UI texts and nodes for the `code` method (text/*.go, selfservice/strategy/code in ory/kratos). */

export interface UiText {
  id: number;
  text: string;
  type: 'info' | 'error' | 'success';
  context?: Record<string, unknown>;
}

export interface UiNode {
  type: 'input';
  group: 'default' | 'code';
  attributes: {
    name: string;
    type: 'text' | 'email' | 'hidden' | 'submit';
    value?: string;
    required?: boolean;
    disabled: boolean;
    node_type: 'input';
    autocomplete?: string;
    maxlength?: number;
    pattern?: string;
  };
  messages: UiText[];
  meta: { label?: UiText };
}

export const texts = {
  loginCodeSent: (): UiText => ({ id: 1010014, type: 'info', text: "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again." }),
  registrationCodeSent: (): UiText => ({ id: 1040005, type: 'info', text: 'A code has been sent to the address(es) you provided. If you have not received a message, check the spelling of the address and retry the registration.' }),
  loginCodeInvalid: (): UiText => ({ id: 4010008, type: 'error', text: 'The login code is invalid or has already been used. Please try again.' }),
  registrationCodeInvalid: (): UiText => ({ id: 4040003, type: 'error', text: 'The registration code is invalid or has already been used. Please try again.' }),
  noCodeUser: (): UiText => ({ id: 4000035, type: 'error', text: 'This account does not exist or has not setup sign in with code.' }),
  duplicateCredentials: (): UiText => ({ id: 4000007, type: 'error', text: 'An account with the same identifier (email, phone, username, ...) exists already.' }),
  required: (property: string): UiText => ({ id: 4000002, type: 'error', text: `Property ${property} is missing.`, context: { property } }),
  invalidEmail: (value: string): UiText => ({ id: 4000004, type: 'error', text: `"${value}" is not valid "email"`, context: { expected_format: 'email', actual: value } }),
  generic: (reason: string): UiText => ({ id: 4000001, type: 'error', text: reason, context: { reason } }),
  noLoginStrategy: (): UiText => ({ id: 4010002, type: 'error', text: 'Could not find a strategy to log you in with. Did you fill out the form correctly?' }),
  noRegistrationStrategy: (): UiText => ({ id: 4040002, type: 'error', text: 'Could not find a strategy to sign you up with. Did you fill out the form correctly?' }),
  flowExpired: (kind: 'login' | 'registration', minutesAgo: number): UiText => ({
    id: kind === 'login' ? 4010001 : 4040001,
    type: 'error',
    text: `The ${kind} flow expired ${minutesAgo.toFixed(2)} minutes ago, please try again.`,
    context: { expired_at_unix: 0 },
  }),
  emailLabel: (): UiText => ({ id: 1070002, type: 'info', text: 'E-Mail', context: { title: 'E-Mail' } }),
  sendLoginCode: (): UiText => ({ id: 1010015, type: 'info', text: 'Send sign in code' }),
  sendRegistrationCode: (): UiText => ({ id: 1040006, type: 'info', text: 'Send sign up code' }),
  loginCodeLabel: (): UiText => ({ id: 1070013, type: 'info', text: 'Login code' }),
  registrationCodeLabel: (): UiText => ({ id: 1070012, type: 'info', text: 'Registration code' }),
  continue: (): UiText => ({ id: 1070009, type: 'info', text: 'Continue' }),
  resend: (): UiText => ({ id: 1070008, type: 'info', text: 'Resend code' }),
};

export function inputNode(
  name: string,
  group: UiNode['group'],
  type: UiNode['attributes']['type'],
  options: { value?: string; required?: boolean; autocomplete?: string; maxlength?: number; pattern?: string; label?: UiText } = {},
): UiNode {
  const { label, ...attributes } = options;
  return { type: 'input', group, attributes: { name, type, ...attributes, disabled: false, node_type: 'input' }, messages: [], meta: label ? { label } : {} };
}

export const csrfNode = (token: string) => inputNode('csrf_token', 'default', 'hidden', { value: token, required: true });

/** The first screen: an address and "Send sign in code" (or "Send sign up code"). */
export function chooseMethodNodes(kind: 'login' | 'registration', csrfToken: string, address = ''): UiNode[] {
  if (kind === 'login') {
    return [
      csrfNode(csrfToken),
      inputNode('identifier', 'default', 'text', { value: address, required: true, label: texts.emailLabel() }),
      inputNode('method', 'code', 'submit', { value: 'code', label: texts.sendLoginCode() }),
    ];
  }
  return [
    csrfNode(csrfToken),
    inputNode('traits.email', 'default', 'email', { ...(address ? { value: address } : {}), required: true, autocomplete: 'email', label: texts.emailLabel() }),
    inputNode('method', 'code', 'submit', { value: 'code', label: texts.sendRegistrationCode() }),
  ];
}

/** After "code sent": the address kept hidden, the code field, Continue and "Resend code" (populateEmailSentFlow). */
export function emailSentNodes(kind: 'login' | 'registration', csrfToken: string, address: string, codeLength: number): UiNode[] {
  const addressNode = kind === 'login'
    ? inputNode('identifier', 'default', 'hidden', { value: address, required: true, label: texts.emailLabel() })
    : inputNode('traits.email', 'default', 'hidden', { value: address, required: true, autocomplete: 'email', label: texts.emailLabel() });
  return [
    csrfNode(csrfToken),
    addressNode,
    inputNode('method', 'code', 'hidden', { value: 'code' }),
    inputNode('code', 'code', 'text', {
      required: true,
      autocomplete: 'one-time-code',
      maxlength: codeLength,
      pattern: '[0-9]+',
      label: kind === 'login' ? texts.loginCodeLabel() : texts.registrationCodeLabel(),
    }),
    inputNode('method', 'code', 'submit', { value: 'code', label: texts.continue() }),
    inputNode('resend', 'code', 'submit', { value: 'code', label: texts.resend() }),
  ];
}
