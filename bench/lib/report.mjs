// Renders results as the markdown table committed under bench/results/ and shown in the README.

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const ms = (value) => `${Math.round(value)} ms`;
const sizeBudgets = new Set(['sdk', 'cdn', 'sdkSignIn', 'signIn']);
const verdictMark = (verdict) => (verdict ? `${verdict.ok ? 'pass' : '**FAIL**'}: ${verdict.limit === 0 ? '=' : '≤'} ${sizeBudgets.has(verdict.name) ? kB(verdict.limit) : verdict.limit}` : 'reported');

/** `pwless-login-de-CMIAxY.min.js` (element, six hash characters) or `de-CMIAxYwe.js` (SDK, eight) → `de`: the chunk's own name without bundle prefix and hash. */
const chunkName = (file) => file.replace(/^.*\//, '').replace(/-[\w-]{6}\.min\.js$|-[\w-]{8}\.js$/, '').replace(/^pwless-login-/, '');

function sizeRows(label, sizes, verdict, compact) {
  const rows = [[label, `${kB(sizes.gzip)} / ${kB(sizes.brotli)} (min ${kB(sizes.min)})`, verdictMark(verdict)]];
  if (!sizes.lazyChunks.length) rows.push(['↳ lazy chunks', 'none', 'reported']);
  else if (compact) {
    const list = sizes.lazyChunks.map((chunk) => `${chunkName(chunk.file)} ${kB(chunk.gzip)}`).join(', ');
    rows.push([`↳ ${sizes.lazyChunks.length} lazy chunks, each loaded on first use, min+gzip`, list, 'reported']);
  } else {
    for (const chunk of sizes.lazyChunks) rows.push([`↳ lazy chunk \`${chunk.file}\``, `${kB(chunk.gzip)} / ${kB(chunk.brotli)}`, 'reported']);
  }
  return rows;
}

/** `compact` lists lazy chunks on one line (for the README); otherwise one row each. */
export function markdownTable(results, { compact = false } = {}) {
  const budget = (name) => results.budgets.find((verdict) => verdict.name === name);
  const rows = [];
  const { sizes, startup, signIn, sdkSignIn, dialectSignIns, passkeySignIn, memory, ssr, provider } = results;
  if (sizes) {
    rows.push(...sizeRows('SDK default entry (`@pwless/sdk`), min+gzip / brotli', sizes.sdk, budget('sdk'), compact));
    rows.push(...sizeRows('CDN bundle `pwless-login.min.js` (element + SDK + lit), min+gzip / brotli', sizes.cdn, budget('cdn'), compact));
    rows.push(['plain Lit element with one input (yardstick), min+gzip', kB(sizes.baseline.gzip), 'reported']);
  }
  if (startup) {
    rows.push([
      `module load → first frame, ${startup.cpuThrottling}× CPU, median of ${startup.runs} paired runs`,
      `**${startup.ratio.toFixed(2)}×** plain Lit input (medians ${ms(startup.elementMs)} vs ${ms(startup.baselineMs)}; fastest runs ${ms(startup.bestElementMs)} vs ${ms(startup.bestBaselineMs)} = ${startup.ratioOfBest.toFixed(2)}×)`,
      'reported',
    ]);
  }
  if (signIn) {
    rows.push([
      'code sign-in: requests to the issuer after the email is typed',
      `${signIn.requestsAfterEmailCount} (${signIn.requestsAfterEmail.join(', ')})`,
      verdictMark(budget('requests')),
    ]);
    rows.push([
      'code sign-in: JavaScript the element loads in all (entry + lazy chunks it fetched), min+gzip',
      `${kB(signIn.scriptGzipBytes)} (${signIn.scriptFiles.map(({ file, gzip }) => `${file} ${kB(gzip)}`).join(', ')})`,
      verdictMark(budget('signIn')),
    ]);
    rows.push([
      '↳ fetched after `pwless-signed-in` (outside the sign-in window above, which ends when the page hears that event): the signed-in view\'s "Create a passkey" offer, min+gzip',
      signIn.afterSignInFiles?.length ? `${kB(signIn.afterSignInGzipBytes)} (${signIn.afterSignInFiles.map(({ file, gzip }) => `${file} ${kB(gzip)}`).join(', ')})` : 'none',
      'reported',
    ]);
    if (sdkSignIn) {
      rows.push([
        'code sign-in with the SDK alone (`start` + `verify`): JavaScript it loads in all (entry + lazy chunks it fetched), min+gzip',
        `${kB(sdkSignIn.scriptGzipBytes)} (${sdkSignIn.scriptFiles.map(({ file, gzip }) => `${file} ${kB(gzip)}`).join(', ')})`,
        verdictMark(budget('sdkSignIn')),
      ]);
    }
    for (const [dialect, measured] of Object.entries(dialectSignIns ?? {})) {
      rows.push([
        `↳ the same with \`dialect: '${dialect}'\`${dialect === 'firebase' ? ' (a link sign-in: `start` + `approveLink`, Firebase sends no codes)' : ''} against its mock variant: JavaScript it loads in all, min+gzip`,
        `${kB(measured.scriptGzipBytes)} (${measured.scriptFiles.map(({ file, gzip }) => `${file} ${kB(gzip)}`).join(', ')}); requests: ${measured.requests.join(', ')}`,
        'reported',
      ]);
    }
    const early = [...signIn.requestsBeforeTyping, ...signIn.requestsWhileTyping];
    rows.push(['↳ requests on mount and while the email is typed', `${early.length}${early.length ? ` (${early.join(', ')})` : ''}`, 'reported']);
    rows.push([
      `code sign-in: main-thread time, ${signIn.cpuThrottling}× CPU, median of ${signIn.runs}`,
      `${ms(signIn.mainThreadMs)}: typing the email ${ms(signIn.typingMs)}${signIn.baselineTypingMs === null ? '' : ` (plain Lit input: ${ms(signIn.baselineTypingMs)})`}, then to signed in ${ms(signIn.afterEmailMs)}; script ${ms(signIn.scriptMs)}, style+layout ${ms(signIn.layoutAndStyleMs)}`,
      'reported',
    ]);
  }
  if (passkeySignIn) {
    rows.push([
      'passkey sign-in from the email field’s autofill, on a device that made one (virtual authenticator), page opened again with the cache off: JavaScript it loads in all, min+gzip',
      `${kB(passkeySignIn.scriptGzipBytes)} (${passkeySignIn.scriptFiles.map(({ file, gzip }) => `${file} ${kB(gzip)}`).join(', ')}); requests: ${passkeySignIn.requests.join(', ')}; messages sent: ${passkeySignIn.messagesSent}`,
      'reported',
    ]);
  }
  if (memory) {
    rows.push([
      `JS heap after ${memory.cycles} vs ${memory.warmCycles} mount/unmount cycles`,
      `${kB(memory.after.heapBytes)} vs ${kB(memory.warm.heapBytes)} (${memory.heapGrowthBytes >= 0 ? '+' : '−'}${kB(Math.abs(memory.heapGrowthBytes))}, ${Math.round(memory.heapGrowthPerCycleBytes)} B per cycle)`,
      'reported',
    ]);
    rows.push([
      `detached elements after ${memory.cycles} cycles`,
      `${memory.detachedElements} (\`pwless-login\` instances alive: ${memory.liveInstances}; DOM nodes ${memory.warm.domNodes} → ${memory.after.domNodes})`,
      verdictMark(budget('detached')),
    ]);
    rows.push([`↳ BroadcastChannels alive after ${memory.warmCycles} → ${memory.cycles} cycles`, `${memory.warm.broadcastChannels} → ${memory.after.broadcastChannels}`, 'reported']);
  }
  if (ssr) {
    rows.push([
      `server-rendered first frame (\`@pwless/login/ssr\` + \`/hydrate\`): navigation → email field on screen, ${ssr.cpuThrottling}× CPU, median of ${ssr.runs} paired runs`,
      `**${ssr.ratio.toFixed(2)}×** the client-only element (medians ${ms(ssr.serverFieldMs)} vs ${ms(ssr.clientFieldMs)}); hydrated at ${ms(ssr.serverHydratedMs)} (client-only rendered at ${ms(ssr.clientRenderedMs)})`,
      'reported',
    ]);
    rows.push([
      '↳ cumulative layout shift through hydration, worst run',
      `${ssr.serverLayoutShift.toFixed(3)} (client-only element: ${ssr.clientLayoutShift.toFixed(3)})`,
      'reported',
    ]);
  }
  if (provider) {
    rows.push([
      `\`@pwless/provider\`: one complete code sign-in over HTTP (start, verify, token), median of ${provider.runs}`,
      `${ms(provider.providerMs)} (server time ${ms(provider.providerServerMs)}); **${(provider.providerMs / provider.mockMs).toFixed(2)}×** the in-memory mock server doing the same (${ms(provider.mockMs)})`,
      'reported',
    ]);
    rows.push([
      `\`@pwless/provider\`: memory per 1,000 pending sign-ins (${provider.pending} started)`,
      `JS heap ${(provider.heapBytesPerThousand / 1e6).toFixed(2)} MB, data file ${(provider.fileBytesPerThousand / 1e6).toFixed(2)} MB`,
      'reported',
    ]);
  }
  const lines = ['| figure | value | budget |', '| --- | --- | --- |', ...rows.map((row) => `| ${row.join(' | ')} |`)];
  const { environment } = results;
  lines.push('', `Measured ${environment.date} at \`${environment.commit}\`: Chromium ${environment.chromium}, Node ${environment.node}, ${environment.cpus}. Sizes: gzip level 9 / brotli quality 11, 1 kB = 1000 B.`);
  return lines.join('\n');
}

/** Where the SDK entry's bytes come from (before minification), for whoever must bring it under budget. */
export function sdkBreakdown(results) {
  const modules = results.sizes?.sdk?.unminifiedByModule;
  if (!modules) return '';
  const total = modules.reduce((sum, { bytes }) => sum + bytes, 0);
  return [
    '## SDK default entry by module (after tree-shaking, before minification)',
    '',
    '| module | bytes | share |',
    '| --- | --- | --- |',
    ...modules.map(({ name, bytes }) => `| \`${name}\` | ${bytes} | ${((bytes / total) * 100).toFixed(1)} % |`),
  ].join('\n');
}

const start = '<!-- bench:figures:start -->';
const end = '<!-- bench:figures:end -->';

/** Replaces only what lies between the README's figure markers; returns `readme` unchanged without them. */
export function withFigures(readme, table) {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) return readme;
  return `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`;
}
