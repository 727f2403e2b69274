// SvelteKit: the element's first step is rendered on the server, in the page's language.
import { env } from '$env/dynamic/private';
import { renderPwlessLogin } from '@pwless/login/ssr';

export async function load() {
  const login = await renderPwlessLogin({ lang: 'de', issuer: env.PWLESS_ISSUER ?? 'https://id.example.com', 'client-id': 'pwless-demo' });
  return { login };
}
