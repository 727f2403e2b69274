import { expect, waitUntil } from '@open-wc/testing';
import { challenge, failure, FakeClient, session } from './helpers/fake-client.js';
import { find, focused, inState, mount, nextEvent, settle, text, type, typeEmailAndContinue } from './helpers/element.js';

describe('<pwless-login> states', () => {
  it('asks for the email address with a labelled email field', async () => {
    const element = await mount();
    const input = find<HTMLInputElement>(element, '#identifier');
    expect(input.type).to.equal('email');
    expect(input.autocomplete).to.equal('email');
    expect(input.labels![0]!.textContent).to.equal('Email address');
    expect(inState(element, 'email')).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('fetches the provider metadata once when the email field gets focus', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    const input = find<HTMLInputElement>(element, '#identifier');
    input.focus();
    type(input, 'ada@');
    expect(client.calls.filter((call) => call === 'discover')).to.have.length(1);
  });

  it('shows a busy Continue button while the code is being sent', async () => {
    const client = new FakeClient();
    client.starts = ['pending'];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const button = find<HTMLButtonElement>(element, '[part~=submit-button]');
    expect(button.disabled).to.equal(true);
    expect(button.textContent!.trim()).to.equal('Sending…');
    expect(inState(element, 'sending')).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('trims the email and sends it with the page language', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    await typeEmailAndContinue(element, '  ada@bücher.example  ');
    expect(client.calls).to.include('start {"email":"ada@bücher.example"} {"delivery":"code","locale":"en"}');
  });

  it('shows where the code went, the phrase, both countdowns, and focuses the code field', async () => {
    const element = await mount();
    const sent = nextEvent(element, 'pwless-sent');
    await typeEmailAndContinue(element);
    expect((await sent).challenge.to).to.equal('a••@example.com');
    const all = text(element);
    expect(all).to.contain('We sent a code to a••@example.com.');
    expect(all).to.contain('blue lantern');
    expect(all).to.contain('The code works for 3 more minutes.');
    expect(find(element, '[part~=resend-button]').textContent).to.match(/new code in (29|30) seconds/);
    expect(text(element, '[role=status]')).to.equal('A code is on its way to a••@example.com.');
    expect(focused(element)).to.equal(find(element, '#code'));
    expect(inState(element, 'code')).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('draws one hidden cell per digit of the server’s code length', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ codeLength: 8 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const cells = find(element, '[part~=code-cells]');
    expect(cells.getAttribute('aria-hidden')).to.equal('true');
    expect(cells.children).to.have.length(8);
    const input = find<HTMLInputElement>(element, '#code');
    expect([input.autocomplete, input.inputMode]).to.deep.equal(['one-time-code', 'numeric']);
  });

  for (const [pasted, label] of [['123 456', 'spaced'], ['123-456', 'dashed'], ['１２３４５６', 'full-width'], ['١٢٣٤٥٦', 'Arabic-Indic']]) {
    it(`normalizes a ${label} code and submits on the last digit`, async () => {
      const client = new FakeClient();
      const element = await mount(client);
      await typeEmailAndContinue(element);
      type(find<HTMLInputElement>(element, '#code'), pasted!);
      await settle(element);
      expect(client.calls).to.include('verify 123456');
    });
  }

  it('keeps the code field read-only while the code is checked', async () => {
    const client = new FakeClient();
    client.verifies = ['pending'];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    expect(find<HTMLInputElement>(element, '#code').readOnly).to.equal(true);
    expect(inState(element, 'verifying')).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('shows the attempts left after a wrong code, clears it and focuses the field', async () => {
    const client = new FakeClient();
    client.verifies = [failure('invalid_code', { attemptsRemaining: 1 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    const error = nextEvent(element, 'pwless-error');
    type(find<HTMLInputElement>(element, '#code'), '111111');
    expect((await error).message).to.equal('That code is not right. 1 try left.');
    await settle(element);
    const input = find<HTMLInputElement>(element, '#code');
    expect(input.value).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(focused(element)).to.equal(input);
    expect(text(element, '[role=alert]')).to.equal('That code is not right. 1 try left.');
    await expect(element).to.be.accessible();
  });

  it('offers a new code when the code expired, and announces it was sent', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() - 1000 })];
    client.verifies = [failure('code_expired')];
    client.resends = [challenge({ to: 'a••@example.com' })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '111111');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('This code has expired. Ask for a new one.');
    await expect(element).to.be.accessible();
    const resend = find<HTMLButtonElement>(element, '[part~=resend-button]');
    expect(resend.disabled).to.equal(false);
    resend.click();
    await settle(element);
    expect(client.calls).to.include('resend');
    expect(text(element, '[role=status]')).to.equal('A new code is on its way to a••@example.com.');
    expect(text(element, '[role=alert]')).to.equal('');
    expect(focused(element)).to.equal(find(element, '#code'));
  });

  it('starts over after too many wrong codes, keeping the email typed', async () => {
    const client = new FakeClient();
    client.verifies = [failure('too_many_attempts')];
    const element = await mount(client);
    await typeEmailAndContinue(element, 'ada@example.com');
    type(find<HTMLInputElement>(element, '#code'), '111111');
    await settle(element);
    expect(inState(element, 'email')).to.equal(true);
    expect(find<HTMLInputElement>(element, '#identifier').value).to.equal('ada@example.com');
    expect(text(element, '[role=alert]')).to.equal('Too many wrong codes. Please start again.');
    expect(focused(element)).to.equal(find(element, '#identifier'));
    await expect(element).to.be.accessible();
  });

  it('counts down a rate limit live and says when to try again', async () => {
    const client = new FakeClient();
    client.starts = [failure('rate_limited', { retryAfter: 2 }), challenge()];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    expect(text(element, '[part~=retry-countdown]')).to.equal('You can try again in 2 seconds.');
    expect(find<HTMLButtonElement>(element, '[part~=submit-button]').disabled).to.equal(true);
    await expect(element).to.be.accessible();
    await waitUntil(() => text(element, '[role=status]') === 'You can try again now.', 'no announcement', { timeout: 4000 });
    expect(find<HTMLButtonElement>(element, '[part~=submit-button]').disabled).to.equal(false);
  });

  it('says when sign-ups are closed and lets the user fix the address', async () => {
    const client = new FakeClient();
    client.starts = [failure('signup_disabled')];
    const element = await mount(client);
    await typeEmailAndContinue(element, 'new@example.com');
    expect(text(element, '[role=alert]')).to.contain('new sign-ups are closed');
    const input = find<HTMLInputElement>(element, '#identifier');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.value).to.equal('new@example.com');
    expect(focused(element)).to.equal(input);
    await expect(element).to.be.accessible();
  });

  it('keeps the typed code when offline and retries it with one click', async () => {
    const client = new FakeClient();
    client.verifies = [failure('network_error'), session];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    expect(text(element, '[role=alert]')).to.equal('You seem to be offline. Check your connection and try again.');
    expect(find<HTMLInputElement>(element, '#code').value).to.equal('123456');
    const retry = find<HTMLButtonElement>(element, '#retry');
    expect(focused(element)).to.equal(retry);
    await expect(element).to.be.accessible();
    const signedIn = nextEvent(element, 'pwless-signed-in');
    retry.click();
    await signedIn;
    expect(client.calls.filter((call) => call === 'verify 123456')).to.have.length(2);
  });

  it('tries again by itself when the connection comes back', async () => {
    const client = new FakeClient();
    client.starts = [failure('network_error'), challenge()];
    const element = await mount(client);
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(inState(element, 'email')).to.equal(true);
    window.dispatchEvent(new Event('online'));
    await settle(element);
    expect(inState(element, 'code')).to.equal(true);
  });

  it('offers to try again after a server error, keeping the email', async () => {
    const client = new FakeClient();
    client.starts = [failure('server_error'), challenge()];
    const element = await mount(client);
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(text(element, '[role=alert]')).to.equal('The sign-in service is having trouble. Please try again in a moment.');
    expect(find<HTMLInputElement>(element, '#identifier').value).to.equal('ada@example.com');
    await expect(element).to.be.accessible();
    find<HTMLButtonElement>(element, '#retry').click();
    await settle(element);
    expect(inState(element, 'code')).to.equal(true);
  });

  it('goes back with “Use a different email”, keeping what was typed', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    await typeEmailAndContinue(element, 'ada@example.com');
    find<HTMLButtonElement>(element, '[part~=change-button]').click();
    await settle(element);
    expect(client.calls).to.include('cancel');
    expect(find<HTMLInputElement>(element, '#identifier').value).to.equal('ada@example.com');
    expect(focused(element)).to.equal(find(element, '#identifier'));
  });

  it('counts the last minute of the code in seconds', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ expiresAt: Date.now() + 45_000 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    expect(text(element, '[part~=countdown]')).to.match(/^The code works for 4[45] more seconds\.$/);
  });

  it('announces when a new code may be asked for', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ resendAt: Date.now() + 1200 })];
    const element = await mount(client);
    await typeEmailAndContinue(element);
    expect(find<HTMLButtonElement>(element, '[part~=resend-button]').disabled).to.equal(true);
    await waitUntil(() => text(element, '[role=status]') === 'You can ask for a new code now.', 'no announcement', { timeout: 3000 });
    expect(find<HTMLButtonElement>(element, '[part~=resend-button]').disabled).to.equal(false);
  });

  it('shows the signed-in view, focuses it, and signs out', async () => {
    const element = await mount();
    await typeEmailAndContinue(element);
    type(find<HTMLInputElement>(element, '#code'), '123456');
    await settle(element);
    expect(inState(element, 'signed-in')).to.equal(true);
    expect(text(element, '[part~=signed-in]')).to.contain('Signed in as ada@example.com');
    expect(focused(element)).to.equal(find(element, '[part~=signed-in-text]'));
    await expect(element).to.be.accessible();
    const signedOut = nextEvent(element, 'pwless-signed-out');
    find<HTMLButtonElement>(element, '[part~=sign-out-button]').click();
    await signedOut;
  });

  it('asks for a phone number when channel is sms and sends it in E.164', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ channel: 'sms', to: '+49 ••• 67', phrase: undefined })];
    const element = await mount(client, { channel: 'sms' });
    const input = find<HTMLInputElement>(element, '#identifier');
    expect([input.type, input.autocomplete, input.labels![0]!.textContent]).to.deep.equal(['tel', 'tel', 'Phone number']);
    await expect(element).to.be.accessible();
    await typeEmailAndContinue(element, '+49 (170) 123-4567');
    expect(client.calls[1]).to.equal('start {"phone":"+491701234567"} {"delivery":"code","locale":"en"}');
    expect(text(element, '[part~=heading]')).to.equal('Check your phone');
  });

  it('waits for a link, offers the webmail shortcut, and signs in once it is confirmed', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link' })];
    let approve: (value: typeof session) => void = () => undefined;
    client.approval = 'pending';
    client.waitForApproval = () => new Promise((resolve) => (approve = resolve));
    const element = await mount(client, { delivery: 'link' });
    await typeEmailAndContinue(element, 'ada@gmail.com');
    expect(inState(element, 'link-sent')).to.equal(true);
    expect(find<HTMLAnchorElement>(element, '[part~=webmail-link]').href).to.equal('https://mail.google.com/');
    expect(focused(element)).to.equal(find(element, '#sent-to'));
    await expect(element).to.be.accessible();
    const signedIn = nextEvent(element, 'pwless-signed-in');
    approve(session);
    await signedIn;
  });

  it('keeps "check your inbox" when the wait cannot load its code (offline, the provider restarting), waits again, and signs in', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link' })];
    const waits = [failure('network_error'), failure('network_error')];
    client.waitForApproval = () => {
      client.calls.push('waitForApproval');
      const next = waits.shift();
      return next ? Promise.reject(next) : Promise.resolve(session);
    };
    const element = await mount(client, { delivery: 'link' });
    await typeEmailAndContinue(element);
    await settle(element);
    expect(inState(element, 'link-sent')).to.equal(true);
    expect(text(element, '[role=alert]')).to.equal('');
    expect(find(element, '[part~=code-instead-button]')).to.exist;
    const signedIn = nextEvent(element, 'pwless-signed-in');
    await waitUntil(() => client.calls.filter((call) => call === 'waitForApproval').length === 3, 'did not wait again', { timeout: 12_000 });
    await signedIn;
    expect(inState(element, 'signed-in')).to.equal(true);
  }).timeout(15_000);

  it('goes back to the first step with the error when the wait fails for good (the link expired)', async () => {
    const client = new FakeClient();
    client.starts = [challenge({ delivery: 'link' })];
    client.approval = failure('session_expired');
    const element = await mount(client, { delivery: 'link' });
    await typeEmailAndContinue(element);
    await waitUntil(() => inState(element, 'email'), 'still on "check your inbox"');
    expect(text(element, '[role=alert]')).to.contain('took too long');
    expect(find<HTMLInputElement>(element, '#identifier').value).to.equal('ada@example.com');
  });

  it('goes to the provider in redirect mode with the typed email as hint', async () => {
    const client = new FakeClient();
    const element = await mount(client, { mode: 'redirect' });
    await typeEmailAndContinue(element, 'ada@example.com');
    expect(client.calls).to.include('signInWithRedirect {"loginHint":"ada@example.com","locale":"en"}');
    expect(inState(element, 'redirecting')).to.equal(true);
    await expect(element).to.be.accessible();
  });
});

describe('<pwless-login> as the link landing page', () => {
  const home = location.href;
  afterEach(() => history.replaceState(null, '', home));

  it('shows what is being approved and confirms with one click', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=token-1`);
    const client = new FakeClient();
    client.link = { to: 'a••@example.com', phrase: 'blue lantern', requestedAt: Date.now(), userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/130.0 Safari/537.36' };
    const element = await mount(client);
    await settle(element);
    expect(inState(element, 'landing')).to.equal(true);
    expect(client.calls).to.include('inspectLink token-1');
    const all = text(element);
    expect(all).to.contain('Someone asked to sign in as a••@example.com.');
    expect(all).to.contain('Chrome / Windows');
    expect(focused(element)).to.equal(find(element, '[part~=confirm-button]'));
    await expect(element).to.be.accessible();
    find<HTMLButtonElement>(element, '[part~=confirm-button]').click();
    await settle(element);
    expect(client.calls).to.include('approveLink');
    expect(text(element)).to.contain('Done.');
    expect(location.search).to.not.contain('pwless_link');
    await expect(element).to.be.accessible();
  });

  it('explains a spent link', async () => {
    history.replaceState(null, '', `${home.split('?')[0]}?pwless_link=spent`);
    const client = new FakeClient();
    client.link = failure('link_invalid');
    const element = await mount(client);
    await settle(element);
    expect(text(element, '[role=alert]')).to.contain('already used or has expired');
    await expect(element).to.be.accessible();
    find<HTMLButtonElement>(element, '[part~=restart-button]').click();
    await settle(element);
    expect(inState(element, 'email')).to.equal(true);
    expect(location.search).to.not.contain('pwless_link');
  });
});

describe('<pwless-login> across tabs', () => {
  it('follows a sign-in and a sign-out made in another tab', async () => {
    const client = new FakeClient();
    const element = await mount(client);
    const signedIn = nextEvent(element, 'pwless-signed-in');
    client.dispatchEvent(Object.assign(new Event('session'), { session }));
    await signedIn;
    await element.updateComplete;
    expect(inState(element, 'signed-in')).to.equal(true);
    const signedOut = nextEvent(element, 'pwless-signed-out');
    client.dispatchEvent(new Event('signedout'));
    await signedOut;
    await element.updateComplete;
    expect(inState(element, 'email')).to.equal(true);
  });
});

describe('<pwless-login> with a replaced client', () => {
  it('listens to the new client only', async () => {
    const first = new FakeClient();
    const second = new FakeClient();
    const element = await mount(first);
    element.client = second.asClient();
    await element.updateComplete;
    first.dispatchEvent(Object.assign(new Event('session'), { session }));
    await element.updateComplete;
    expect(inState(element, 'email')).to.equal(true);
    second.dispatchEvent(Object.assign(new Event('session'), { session }));
    await element.updateComplete;
    expect(inState(element, 'signed-in')).to.equal(true);
  });
});

describe('<pwless-login> after a reload', () => {
  afterEach(() => sessionStorage.clear());

  it('picks up the sign-in this tab started, without announcing a new send', async () => {
    const client = new FakeClient();
    const first = await mount(client);
    await typeEmailAndContinue(first);
    first.remove();
    client.resumable = challenge({ to: 'r••@example.com' });
    const element = await mount(client);
    let sent = 0;
    element.addEventListener('pwless-sent', () => sent++);
    await settle(element);
    expect(inState(element, 'code')).to.equal(true);
    expect(text(element)).to.contain('We sent a code to r••@example.com.');
    expect(sent).to.equal(0);
  });

  it('starts fresh when this tab started nothing', async () => {
    const client = new FakeClient();
    client.resumable = challenge();
    const element = await mount(client);
    await settle(element);
    expect(inState(element, 'email')).to.equal(true);
    expect(client.calls).to.not.include('resume');
  });
});
