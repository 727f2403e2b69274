// The budgets CI enforces. Timing ratios are reported, never enforced: machines are noisy.
// Sizes are in bytes; 1 kB = 1000 bytes, as bundle-size tools print them.

export const defaultBudgets = {
  /** The SDK's default entry, min+gzip. */
  sdk: 12_000,
  /** The element's CDN bundle (element + SDK + lit), min+gzip. */
  cdn: 24_000,
  /**
   * Everything a code sign-in downloads (entry + the lazy chunks it fetches), min+gzip: with the SDK
   * alone, and with the element. Ceilings that stop regressions, not the targets: issue 4 aims at
   * 12 kB and issue 5 at 24 kB for these, which oauth4webapi (~8 kB) and lit (~6 kB) leave out of reach.
   */
  sdkSignIn: 15_500,
  signIn: 30_000,
  /** Requests to the issuer after the email is typed, for a code sign-in (start, verify, token). */
  requests: 3,
  /** Detached elements left after the mount/unmount cycles. */
  detached: 0,
};

/** Reads `name=value` overrides (e.g. `sdk=100`), for proving that a breach fails. */
export function parseBudgetOverrides(pairs = []) {
  const budgets = { ...defaultBudgets };
  for (const pair of pairs) {
    const [name, value] = pair.split('=');
    if (!(name in defaultBudgets) || !/^\d+$/.test(value ?? '')) {
      throw new TypeError(`--budget expects one of ${Object.keys(defaultBudgets).join(', ')} as name=integer, got "${pair}"`);
    }
    budgets[name] = Number(value);
  }
  return budgets;
}

/** One verdict per budget whose figure was measured in `results`. */
export function evaluateBudgets(results, budgets = defaultBudgets) {
  const measured = [
    ['sdk', 'SDK default entry, min+gzip bytes', results.sizes?.sdk?.gzip],
    ['cdn', 'CDN bundle, min+gzip bytes', results.sizes?.cdn?.gzip],
    ['sdkSignIn', 'JavaScript a code sign-in with the SDK alone downloads, min+gzip bytes', results.sdkSignIn?.scriptGzipBytes],
    ['signIn', 'JavaScript a code sign-in with the element downloads, min+gzip bytes', results.signIn?.scriptGzipBytes],
    ['requests', 'requests after the email is typed (code sign-in)', results.signIn?.requestsAfterEmailCount],
    ['detached', 'detached elements after the mount/unmount cycles', results.memory?.detachedElements],
  ];
  return measured
    .filter(([, , actual]) => actual !== undefined)
    .map(([name, label, actual]) => ({ name, label, actual, limit: budgets[name], ok: actual <= budgets[name] }));
}
