// The element's typings, compiled by each framework's own checker: TypeScript for HTMLElementTagNameMap
// and HTMLElementEventMap in plain DOM code, React 19 JSX intrinsic elements, Vue GlobalComponents and
// Solid's JSX; svelte-check for Svelte 5 templates; the Angular compiler (ngc, strictTemplates) for
// Angular templates.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = (path) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const tsc = bin('typescript/bin/tsc');
const fixture = (path) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
const project = fixture('typings/tsconfig.json');

describe('typings of <pwless-login>', () => {
  it('type-check DOM, React and Vue usage, and refuse wrong props', async () => {
    const result = await run(process.execPath, [tsc, '-p', project]).catch((error) => error);
    assert.equal(result.stdout ?? '', '', result.stdout);
  });

  // Each wrong line carries a @ts-expect-error: tsc fails on one that is not an error.
  it('type-check Solid JSX usage, and refuse wrong props and a wrong event handler', async () => {
    const result = await run(process.execPath, [tsc, '-p', fixture('solid/tsconfig.json')]).catch((error) => error);
    assert.equal(result.stdout ?? '', '', result.stdout);
  });

  it('svelte-check passes the Svelte 5 component and refuses a wrong attribute and a wrong event handler', async () => {
    const svelte = fixture('svelte');
    const result = await run(process.execPath, [bin('svelte-check/bin/svelte-check'), '--workspace', svelte, '--tsconfig', `${svelte}/tsconfig.json`, '--output', 'machine'])
      .catch((error) => error);
    // The union of dialect names grows with every backend: it is named, not spelt out, here.
    const errors = result.stdout.split('\n').filter((line) => / ERROR /.test(line)).map((line) => line.replace(/^\d+ ERROR /, '').replace(/to type '\\"pwless\\"[^']*'/, 'to type DialectName'));
    assert.deepEqual(errors, [
      `"WrongChannel.svelte" 7:15 "Type '\\"fax\\"' is not assignable to type 'Channel | undefined'."`,
      `"WrongDialect.svelte" 7:15 "Type '\\"okta\\"' is not assignable to type DialectName."`,
      `"WrongHandler.svelte" 7:72 "Property 'refreshToken' does not exist on type 'Session'."`,
    ], result.stdout);
    assert.match(result.stdout, /COMPLETED \d+ FILES 3 ERRORS 0 WARNINGS 3 FILES_WITH_PROBLEMS/);
  });

  it('ngc passes the Angular app and refuses wrong inputs and a wrong event handler in templates', async () => {
    const ngc = bin('@angular/compiler-cli/bundles/src/bin/ngc.js');
    const result = await run(process.execPath, [ngc, '-p', fixture('angular/tsconfig.json')]).catch((error) => error);
    // ngc colours its report whatever it is told; the lines that name an error are what counts.
    const report = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    const errors = report.split('\n').filter((line) => / - error /.test(line)).map((line) => line.replace(/to type '"pwless"[^']*'/, 'to type DialectName'));
    assert.deepEqual(errors, [
      `wrong-usage.ts:9:28 - error TS2322: Type '"fax"' is not assignable to type 'Channel'.`,
      `wrong-usage.ts:17:29 - error TS2322: Type '"okta"' is not assignable to type DialectName.`,
      `wrong-usage.ts:25:29 - error TS2322: Type 'string' is not assignable to type 'PwlessClient'.`,
      `wrong-usage.ts:33:71 - error TS2339: Property 'refreshToken' does not exist on type 'Session'.`,
    ], report);
  });
});
