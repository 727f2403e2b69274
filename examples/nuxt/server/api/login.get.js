// Nuxt: a server route renders the element's first step in the page's language.
import { renderPwlessLogin } from '@pwless/login/ssr';

export default defineEventHandler(() => renderPwlessLogin({ lang: 'de', issuer: process.env.PWLESS_ISSUER ?? 'https://id.example.com', 'client-id': 'pwless-demo' }));
