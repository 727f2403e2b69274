// `npm run bench`: every figure, written to bench/results/ and the README's Figures section.
// `--check` measures only what the budgets judge, writes nothing, and exits 1 on a breach (CI).
// `--only sizes,signin` (prints, writes nothing), `--runs 15` and `--budget sdk=12000` (repeatable)
// narrow or tighten a run.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBudgetOverrides } from './lib/budgets.mjs';
import { parts, root, runBench } from './lib/bench.mjs';
import { markdownTable, sdkBreakdown, withFigures } from './lib/report.mjs';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '15' },
    budget: { type: 'string', multiple: true, default: [] },
  },
});

const budgets = parseBudgetOverrides(values.budget);
const only = values.only?.split(',') ?? (values.check ? parts.filter((part) => !['startup', 'passkey', 'ssr', 'provider'].includes(part)) : parts);
const unknown = only.filter((part) => !parts.includes(part));
if (unknown.length) throw new TypeError(`--only takes ${parts.join(', ')}; not ${unknown.join(', ')}`);

const results = await runBench({ only, runs: Number(values.runs), signInRuns: values.check ? 1 : 3, budgets });
const table = markdownTable(results);

if (values.check || values.only) {
  // Partial runs never overwrite the committed figures.
  if (!values.check) console.log(table);
  for (const { ok, label, actual, limit } of results.budgets) console.log(`bench budget ${ok ? 'ok  ' : 'FAIL'} ${label}: ${actual} (limit ${limit})`);
} else {
  await writeFile(join(root, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(root, 'bench/results/latest.md'), `# Bench figures\n\n${table}\n\n${sdkBreakdown(results)}\n`);
  const readmePath = join(root, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const updated = withFigures(readme, markdownTable(results, { compact: true }));
  if (updated !== readme) await writeFile(readmePath, updated);
  console.log(table);
}

if (results.budgets.some(({ ok }) => !ok)) {
  console.error(`bench: budget exceeded: ${results.budgets.filter(({ ok }) => !ok).map(({ name }) => name).join(', ')}`);
  process.exitCode = 1;
}
