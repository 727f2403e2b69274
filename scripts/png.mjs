// Lossless PNG shrinking for the screenshots, with node:zlib only: Chromium writes RGBA with light
// compression; the same pixels as RGB (or a palette, when there are at most 256 colours), each row with
// the filter that suits it best and deflate at its strongest, take about half the bytes.
import { deflateSync, inflateSync } from 'node:zlib';

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The chunks of `png` as [type, data] pairs; throws on anything that is not a PNG. */
export function readChunks(png) {
  if (png.length < 8 || !png.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  const chunks = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(png.subarray(offset + 4, offset + 8 + length))) throw new Error(`bad CRC in ${type}`);
    chunks.push([type, data]);
    offset += 12 + length;
  }
  return chunks;
}

/** Width and height of `png`, from its header. */
export function pngSize(png) {
  const [[type, header]] = readChunks(png);
  if (type !== 'IHDR') throw new Error('PNG without a header');
  return { width: header.readUInt32BE(0), height: header.readUInt32BE(4) };
}

const paeth = (a, b, c) => {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Undoes or applies (`sign` -1 or 1) filter `type` on one row, given the row above (unfiltered). */
function filterRow(type, row, above, bpp, sign) {
  const out = Buffer.alloc(row.length);
  for (let i = 0; i < row.length; i += 1) {
    // Unfiltering predicts from what it has already rebuilt; filtering from the raw row.
    const left = i >= bpp ? (sign < 0 ? out[i - bpp] : row[i - bpp]) : 0;
    const up = above[i];
    const corner = i >= bpp ? above[i - bpp] : 0;
    const prediction = type === 0 ? 0 : type === 1 ? left : type === 2 ? up : type === 3 ? (left + up) >> 1 : paeth(left, up, corner);
    out[i] = (row[i] - sign * prediction) & 0xff;
  }
  return out;
}

/** The RGBA pixels of an 8-bit, non-interlaced RGB, RGBA or palette PNG (what Chromium and `recompressPng` write). */
export function decodePng(png) {
  const chunks = readChunks(png);
  const header = chunks[0][1];
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [depth, colourType, , , interlace] = header.subarray(8);
  if (depth !== 8 || ![2, 3, 6].includes(colourType) || interlace !== 0) throw new Error('only 8-bit RGB(A) or palette PNGs without interlacing');
  const bpp = { 2: 3, 3: 1, 6: 4 }[colourType];
  const palette = chunks.find(([type]) => type === 'PLTE')?.[1];
  const alpha = chunks.find(([type]) => type === 'tRNS')?.[1];
  const raw = inflateSync(Buffer.concat(chunks.filter(([type]) => type === 'IDAT').map(([, data]) => data)));
  const stride = width * bpp;
  const pixels = Buffer.alloc(width * height * 4);
  let above = Buffer.alloc(stride);
  for (let y = 0; y < height; y += 1) {
    const start = y * (stride + 1);
    const row = filterRow(raw[start], raw.subarray(start + 1, start + 1 + stride), above, bpp, -1);
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      if (colourType === 3) {
        palette.copy(pixels, at, row[x] * 3, row[x] * 3 + 3);
        pixels[at + 3] = alpha?.[row[x]] ?? 255;
      } else {
        row.copy(pixels, at, x * bpp, x * bpp + bpp);
        if (bpp === 3) pixels[at + 3] = 255;
      }
    }
    above = row;
  }
  return { width, height, pixels };
}

/** Rows of `bpp`-byte pixels, each with the filter whose output sums smallest (the usual heuristic), deflated. */
function encodeRows(rows, bpp) {
  const parts = [];
  let above = Buffer.alloc(rows[0].length);
  for (const row of rows) {
    let best;
    let bestScore = Infinity;
    for (let type = 0; type < 5; type += 1) {
      const filtered = filterRow(type, row, above, bpp, 1);
      let score = 0;
      for (const byte of filtered) score += byte < 128 ? byte : 256 - byte;
      if (score < bestScore) [best, bestScore] = [Buffer.concat([Buffer.of(type), filtered]), score];
    }
    parts.push(best);
    above = row;
  }
  return deflateSync(Buffer.concat(parts), { level: 9, memLevel: 9 });
}

/** The same picture as `png`, losslessly smaller: RGB without alpha when all is opaque, a palette when it can. */
export function recompressPng(png) {
  const { width, height, pixels } = decodePng(png);
  const opaque = pixels.every((byte, index) => index % 4 !== 3 || byte === 255);
  const colours = new Map();
  for (let i = 0; i < pixels.length && colours.size <= 256; i += 4) {
    const key = pixels.readUInt32BE(i);
    if (!colours.has(key)) colours.set(key, colours.size);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  const extra = [];
  const rows = [];
  let bpp;
  if (colours.size <= 256) {
    header.set([8, 3, 0, 0, 0], 8);
    const palette = Buffer.alloc(colours.size * 3);
    const alpha = Buffer.alloc(colours.size);
    for (const [key, index] of colours) {
      palette.writeUIntBE(key >>> 8, index * 3, 3);
      alpha[index] = key & 0xff;
    }
    extra.push(chunk('PLTE', palette));
    if (!opaque) extra.push(chunk('tRNS', alpha));
    for (let y = 0; y < height; y += 1) {
      rows.push(Buffer.from(Array.from({ length: width }, (_, x) => colours.get(pixels.readUInt32BE((y * width + x) * 4)))));
    }
    bpp = 1;
  } else {
    bpp = opaque ? 3 : 4;
    header.set([8, opaque ? 2 : 6, 0, 0, 0], 8);
    for (let y = 0; y < height; y += 1) {
      const row = Buffer.alloc(width * bpp);
      for (let x = 0; x < width; x += 1) pixels.copy(row, x * bpp, (y * width + x) * 4, (y * width + x) * 4 + bpp);
      rows.push(row);
    }
  }
  const smaller = Buffer.concat([signature, chunk('IHDR', header), ...extra, chunk('IDAT', encodeRows(rows, bpp)), chunk('IEND', Buffer.alloc(0))]);
  return smaller.length < png.length ? smaller : png;
}
