// Shared by the reliability checks: a fixed seed (printed), the number of runs from the
// environment, and one place to record what a check tried, for docs/reliability.md.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';

/** fast-check runs per property: a few hundred in CI, 10,000 in the report run. */
export const runs = Number(process.env.PWLESS_PROPERTY_RUNS ?? 300);
export const seed = Number(process.env.PWLESS_PROPERTY_SEED ?? 20261203);
export const propertyParameters = { seed, numRuns: runs };

/** Printed once per file, so a failure can be replayed with PWLESS_PROPERTY_SEED. */
export function announce(t) {
  t.diagnostic(`fast-check seed ${seed}, ${runs} runs per property (PWLESS_PROPERTY_SEED, PWLESS_PROPERTY_RUNS)`);
}

/**
 * Appends one check's outcome for the report: what it is, how many inputs, faults or requests it
 * tried, and its figures. Only when `PWLESS_REPORT_DIR` is set (by `npm run report:reliability`).
 */
export async function record(entry) {
  const dir = process.env.PWLESS_REPORT_DIR;
  if (!dir) return;
  await appendFile(join(dir, 'checks.jsonl'), `${JSON.stringify({ ...entry, seed: entry.seed ?? null })}\n`);
}
