/**
 * `@pwless/login/ssr`: the element's first step rendered on the server (Node) with Lit SSR, as
 * declarative shadow DOM. The page shows a working email field before any JavaScript runs; the
 * browser then hydrates it (load `@pwless/login/hydrate` before `@pwless/login`) without drawing it again.
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import type { ReactiveController } from 'lit';
import { html, unsafeStatic } from 'lit/static-html.js';
import { Language } from './language.js';
import { loadMessages, matchLocale, supportedLocales } from './locale.js';
import type { Messages } from './locales/en.js';
import { PwlessLogin } from './pwless-login.js';

/** Every shipped locale's texts, loaded once: a server render is synchronous, the browser's chunks are not. */
const texts = new Map<string, Messages>(await Promise.all(supportedLocales.map(async (locale) => [locale, await loadMessages(locale)] as const)));

// In the browser the element picks its language when it joins the document, from the nearest `lang`.
// A server render never joins a document: there the element's own `lang` attribute decides, and
// the texts are already here, so the first frame is in the language the browser will pick too.
const languages = new WeakMap<PwlessLogin, Language>();
type Lifecycle = { addController(controller: ReactiveController): void; willUpdate(changed: Map<PropertyKey, unknown>): void };
const { addController, willUpdate } = PwlessLogin.prototype as unknown as Lifecycle;
Object.assign(PwlessLogin.prototype, {
  addController(this: PwlessLogin, controller: ReactiveController) {
    addController.call(this, controller);
    if (controller instanceof Language) languages.set(this, controller);
  },
  willUpdate(this: PwlessLogin, changed: Map<PropertyKey, unknown>) {
    const language = languages.get(this);
    if (language) {
      language.locale = matchLocale(this.getAttribute('lang'));
      language.texts = texts.get(language.locale)!;
    }
    willUpdate.call(this, changed);
  },
});

if (!customElements.get('pwless-login')) customElements.define('pwless-login', PwlessLogin);

/** The element's attributes, e.g. `{ lang: 'de', issuer: 'https://id.example.com', 'client-id': 'my-app' }`. */
export type PwlessLoginAttributes = Record<string, string | undefined>;

const attributeName = /^[a-z][a-z0-9-]*$/;
const escapeValue = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * `<pwless-login …>` with its first step inside, as HTML for the page: put it into the server's
 * output as it is (React `dangerouslySetInnerHTML`, Vue `v-html`, Svelte `{@html}`). Give it the
 * page's language as `lang`: the server cannot see `<html lang>` from here.
 *
 * The form is rendered with `method="dialog"`, so Enter pressed before the JavaScript arrives
 * navigates nowhere; `@pwless/login/hydrate` sends it once the element runs.
 */
export async function renderPwlessLogin(attributes: PwlessLoginAttributes = {}): Promise<string> {
  let opening = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (!attributeName.test(name)) throw new TypeError(`not an attribute name: ${JSON.stringify(name)}`);
    if (value !== undefined) opening += ` ${name}="${escapeValue(value)}"`;
  }
  const rendered = await collectResult(render(html`<pwless-login${unsafeStatic(opening)}></pwless-login>`));
  // Only the element's own markers stay (hydration reads them); the page's template around it is not Lit's.
  return rendered
    .replace(/^<!--lit-part[^>]*-->/, '')
    .replace(/<!--\/lit-part-->$/, '')
    .replace('<form part="form"', '<form method="dialog" part="form"');
}
