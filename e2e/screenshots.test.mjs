// The screenshot script keeps working: one of its pictures, taken into a temporary folder from the real
// demo, is a valid PNG of the size of the one committed in docs/screenshots/, and its shrinking loses no pixel.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodePng, pngSize, readChunks, recompressPng } from '../scripts/png.mjs';
import { capture, outputDirectory } from '../scripts/screenshots.mjs';
import { useDemo } from './demo-fixture.mjs';

describe('the screenshot script', () => {
  const demo = useDemo();

  it('takes the email step of the sign-in as a PNG of the committed picture’s size', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pwless-screenshots-'));
    try {
      const [result] = await capture({ browser: demo.browser, baseUrl: demo.baseUrl, directory, names: ['sign-in-email-light'] });
      assert.equal(result.file, join(directory, 'sign-in-email-light.png'));
      const png = await readFile(result.file);
      const types = readChunks(png).map(([type]) => type);
      assert.equal(types[0], 'IHDR');
      assert.equal(types.at(-1), 'IEND');
      assert.ok(types.includes('IDAT'));
      const committed = pngSize(await readFile(join(outputDirectory, 'sign-in-email-light.png')));
      assert.deepEqual(pngSize(png), committed, 'the demo’s layout changed: run `npm run screenshots` and commit the pictures');
      assert.deepEqual({ width: result.width, height: result.height, bytes: result.bytes }, { ...committed, bytes: png.length });
      // Not a blank picture: the panel, its text and its button give it many colours.
      const { pixels } = decodePng(png);
      assert.ok(new Set(new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length / 4)).size > 50);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('shrinks Chromium’s PNGs without changing a pixel: true colour, with alpha, and as a palette', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 320, height: 240 } });
    const pages = [
      '<p style="font: 16px sans-serif; color: #1a56db">pwless <b>sign in</b></p><div style="height: 40px; background: linear-gradient(90deg, #fff, #0d1117)"></div>',
      '<div style="margin: 20px; inline-size: 120px; block-size: 60px; background: #1a56db; border: 4px solid #b42318"></div>',
    ];
    const colourTypes = new Set();
    for (const content of pages) {
      await page.setContent(content);
      for (const omitBackground of [false, true]) {
        const original = await page.screenshot({ omitBackground });
        const smaller = recompressPng(original);
        assert.ok(smaller.length < original.length, `${smaller.length} < ${original.length}`);
        assert.deepEqual(decodePng(smaller), decodePng(original));
        colourTypes.add(readChunks(smaller)[0][1][9]);
      }
    }
    assert.deepEqual([...colourTypes].sort(), [2, 3, 6]);
    await page.close();
  });
});
