// Draws the app's icons (npm run icons): two linked rings in white on the brand green, as PNG
// (192 and 512, plain and maskable), favicon.ico (a 32 px PNG inside an ICO) and an SVG, with
// node:zlib only. The plain icon is a rounded square; the maskable one fills its square and keeps
// the rings inside the central 80% (the safe zone launchers may crop to a circle).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

export const BRAND = [0x0b, 0x6e, 0x4f] as const;
export const BRAND_HEX = '#0b6e4f';

/** The rings, in a unit square centred on 0.5; `scale` shrinks them for the maskable icon. */
function rings(x: number, y: number, scale: number) {
  const r = 0.19 * scale;
  const half = 0.055 * scale;
  const dx = 0.11 * scale;
  const d1 = Math.hypot(x - (0.5 - dx), y - 0.5);
  const d2 = Math.hypot(x - (0.5 + dx), y - 0.5);
  return Math.abs(d1 - r) <= half || Math.abs(d2 - r) <= half;
}

/** Inside a square of side 1 with rounded corners of radius `c`. */
function rounded(x: number, y: number, c: number) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - c), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - c), 0);
  return Math.hypot(qx, qy) <= c;
}

/** RGBA pixels, 4x4 samples per pixel. */
export function drawIcon(size: number, maskable: boolean): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      let bg = 0;
      let fg = 0;
      for (let sj = 0; sj < n; sj++)
        for (let si = 0; si < n; si++) {
          const x = (i + (si + 0.5) / n) / size;
          const y = (j + (sj + 0.5) / n) / size;
          if (!maskable && !rounded(x, y, 0.18)) continue;
          bg++;
          if (rings(x, y, maskable ? 0.8 : 1)) fg++;
        }
      const o = (j * size + i) * 4;
      const a = bg / (n * n);
      const f = bg ? fg / bg : 0;
      px[o] = Math.round(BRAND[0] * (1 - f) + 255 * f);
      px[o + 1] = Math.round(BRAND[1] * (1 - f) + 255 * f);
      px[o + 2] = Math.round(BRAND[2] * (1 - f) + 255 * f);
      px[o + 3] = Math.round(255 * a);
    }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // no filter
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding one PNG image (read by every browser since 2007). */
export function encodeIco(size: number, png: Buffer): Buffer {
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2); // icon
  head.writeUInt16LE(1, 4); // one image
  head[6] = size;
  head[7] = size;
  head.writeUInt16LE(1, 10); // planes
  head.writeUInt16LE(32, 12); // bits per pixel
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18);
  return Buffer.concat([head, png]);
}

export function iconSvg() {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="${BRAND_HEX}"/><g fill="none" stroke="#fff" stroke-width="11"><circle cx="39" cy="50" r="19"/><circle cx="61" cy="50" r="19"/></g></svg>\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const size of [192, 512]) {
    writeFileSync(`static/icons/icon-${size}.png`, encodePng(size, drawIcon(size, false)));
    writeFileSync(`static/icons/maskable-${size}.png`, encodePng(size, drawIcon(size, true)));
  }
  writeFileSync('static/icons/apple-touch-icon.png', encodePng(180, drawIcon(180, true)));
  writeFileSync('static/favicon.ico', encodeIco(32, encodePng(32, drawIcon(32, false))));
  writeFileSync('static/icons/icon.svg', iconSvg());
  console.log('icons written under static/icons/ and static/favicon.ico');
}
