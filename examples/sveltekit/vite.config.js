import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // Lit SSR runs in Node as the package ships it, not through Vite's module transform.
  ssr: { external: ['@pwless/login', '@lit-labs/ssr', 'lit'] },
  // Bundled for the browser up front, together, so they share one lit (and the dev server never reloads the page to add them).
  optimizeDeps: { include: ['@pwless/login/hydrate', '@pwless/login'] },
});
