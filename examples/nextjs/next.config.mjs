/** Lit SSR runs in Node as the packages ship it, not through Next's server bundle. */
export default { serverExternalPackages: ['@pwless/login', '@lit-labs/ssr'] };
