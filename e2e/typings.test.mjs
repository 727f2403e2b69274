// The element's typings, compiled by TypeScript: HTMLElementTagNameMap and HTMLElementEventMap for
// plain DOM code, React 19 JSX intrinsic elements, Vue GlobalComponents.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const project = fileURLToPath(new URL('./fixtures/typings/tsconfig.json', import.meta.url));

describe('typings of <pwless-login>', () => {
  it('type-check DOM, React and Vue usage, and refuse wrong props', async () => {
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', project]).catch((error) => error);
    assert.equal(result.stdout ?? '', '', result.stdout);
  });
});
