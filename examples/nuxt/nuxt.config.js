export default defineNuxtConfig({
  compatibilityDate: '2025-07-01',
  devtools: { enabled: false },
  telemetry: false,
  app: { head: { htmlAttrs: { lang: 'de' }, link: [{ rel: 'icon', href: 'data:,' }] } },
  // The browser's Vue leaves <pwless-login> to the element.
  vue: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('pwless-') } },
  // Bundled for the browser up front, together, so they share one lit (and the dev server never reloads the page to add them).
  vite: { optimizeDeps: { include: ['@pwless/login/hydrate', '@pwless/login'] } },
});
