// Page-side helpers the bench drives through playwright. A classic script, so it is ready before
// any module under test is fetched.

/** Creates `tag` with `attributes` (the element must already be defined) and waits for its first render. */
async function mount(tag, attributes) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  return element;
}

/** Resolves after the next frame has been produced: a task queued from rAF runs after that frame's paint. */
function afterNextFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(undefined);
    });
  });
}

/** Milliseconds from starting to load module `src` until `tag` has rendered its first frame. */
window.measureFirstFrame = async (src, tag, attributes) => {
  const start = performance.now();
  await import(src);
  await customElements.whenDefined(tag);
  await mount(tag, attributes);
  await afterNextFrame();
  return performance.now() - start;
};

/** Loads module `src` and waits until `tag` is defined. */
window.loadElement = async (src, tag) => {
  await import(src);
  await customElements.whenDefined(tag);
};

/** Mounts and removes `tag` `count` times, each rendered once before it goes. */
window.mountCycles = async (tag, attributes, count) => {
  for (let index = 0; index < count; index += 1) (await mount(tag, attributes)).remove();
  await afterNextFrame();
};

/** Resolves with the next `type` event on the document (the element's events bubble and are composed). */
function nextEvent(type) {
  return new Promise((resolve) => document.addEventListener(type, resolve, { once: true }));
}

/** The first element matching `selector` inside `root`'s shadow tree, however deeply nested. */
function deepQuery(root, selector) {
  const found = root.shadowRoot?.querySelector(selector);
  if (found) return found;
  for (const child of root.shadowRoot?.querySelectorAll('*') ?? []) {
    const nested = deepQuery(child, selector);
    if (nested) return nested;
  }
  return null;
}

/** Focuses the first field in `tag` matching one of `selectors` (tried in order), so keystrokes go there. */
window.focusField = (tag, selectors) => {
  const host = document.querySelector(tag);
  const field = selectors.map((selector) => host && deepQuery(host, selector)).find(Boolean);
  if (!field) throw new Error(`no ${selectors.join(' or ')} in ${tag}`);
  field.focus();
};

// Room for every fetch's timing: the sign-in's scripts are told apart from later ones by these entries.
performance.setResourceTimingBufferSize(10_000);

let sent;
let signedIn;

/** Mounts one `tag` for a sign-in and starts listening for its events. */
window.mountForSignIn = async (tag, attributes) => {
  sent = nextEvent('pwless-sent');
  // What the page had fetched when it heard of the sign-in, read in the listener itself: whatever the
  // signed-in view fetches afterwards (the passkey offer) is no part of the sign-in.
  signedIn = new Promise((resolve) =>
    document.addEventListener('pwless-signed-in', (event) => {
      window.signedInUser = event.session.user.email;
      resolve(performance.getEntriesByType('resource').map(({ name }) => name));
    }, { once: true }));
  await mount(tag, attributes);
};

/** Presses the signed-in view's "Create a passkey" in `tag` and waits until it says what came of it. */
window.createPasskey = async (tag) => {
  const host = document.querySelector(tag);
  const button = await new Promise((resolve) => {
    const found = () => deepQuery(host, '[part~="passkey-create"]');
    if (found()) return resolve(found());
    const observer = new MutationObserver(() => found() && (observer.disconnect(), resolve(found())));
    observer.observe(host.shadowRoot, { childList: true, subtree: true });
  });
  button.click();
  await new Promise((resolve) => {
    const done = () => deepQuery(host, '[part~="passkey-result"]')?.textContent.trim();
    if (done()) return resolve();
    const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve()));
    observer.observe(host.shadowRoot, { childList: true, subtree: true, characterData: true });
  });
  const result = deepQuery(host, '[part~="passkey-result"]');
  if (result.matches('[part~="error"]')) throw new Error(`no passkey was made: ${result.textContent.trim()}`);
};

/** Waits in the page (no polling) until the code was sent. */
window.codeSent = async () => void (await sent);

/** Waits in the page (no polling) until the person is signed in. */
window.signedIn = () => signedIn;

let sdkClient;

/** Imports the SDK bundle `src` and starts a code sign-in for `email`, as an app calling the SDK directly does. */
window.sdkStart = async (src, options, email) => {
  const { createClient } = await import(src);
  sdkClient = createClient(options);
  await sdkClient.start({ email });
};

/** Finishes the SDK sign-in started by `sdkStart` with `code`; resolves with the signed-in email. */
window.sdkVerify = async (code) => (await sdkClient.verify(code)).user.email;

/** Finishes the SDK sign-in started by `sdkStart` with the emailed `link` (a backend that sends no codes); resolves with the signed-in email. */
window.sdkApprove = async (link) => (await sdkClient.approveLink(link)).user.email;
