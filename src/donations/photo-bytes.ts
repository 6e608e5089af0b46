/**
 * What a photo of a donation may be, read from its bytes (never from the name or the declared
 * type): JPEG, PNG or WebP, complete, at most 2 MB and 8192 px a side (40 Mpx in all). What it
 * carries besides the picture (EXIF with the phone's position and serial number, XMP, IPTC,
 * comments, text chunks) is cut out before it is stored; the colour profile is kept.
 *
 * The phone's browser shrinks the photo before sending it (static/photo.js); without JavaScript
 * the original arrives and the same limits apply. The server never decodes the pixels: only the
 * containers are read, so a hostile file costs one pass over at most 2 MB.
 */

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MAX_SIDE = 8192;
export const PHOTO_MAX_PIXELS = 40_000_000;

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface CheckedPhoto {
  mime: PhotoMime;
  width: number;
  height: number;
  /** the file without its metadata */
  bytes: Uint8Array;
}

/** Why a file is refused: the message key of the field (i18n `photo.err.*`). */
export type PhotoProblem = 'too_large' | 'not_image' | 'too_many_pixels';

export class PhotoError extends Error {
  constructor(readonly problem: PhotoProblem) {
    super(`photo.err.${problem}`);
  }
}

/** The photo as it will be stored, or a PhotoError saying why not. */
export function checkPhoto(input: Uint8Array): CheckedPhoto {
  if (input.length > PHOTO_MAX_BYTES) throw new PhotoError('too_large');
  const photo = isJpeg(input)
    ? readJpeg(input)
    : isPng(input)
      ? readPng(input)
      : isWebp(input)
        ? readWebp(input)
        : null;
  if (!photo) throw new PhotoError('not_image');
  const { width, height } = photo;
  if (width < 1 || height < 1) throw new PhotoError('not_image');
  if (width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE || width * height > PHOTO_MAX_PIXELS)
    throw new PhotoError('too_many_pixels');
  return photo;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32le = (b: Uint8Array, i: number) => (u24le(b, i) + b[i + 3]! * 0x1000000) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function concat(parts: Uint8Array[]) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- JPEG (ITU T.81): markers up to the start of scan, then the entropy-coded data as it is

const isJpeg = (b: Uint8Array) => b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** start-of-frame markers, which carry the size (not DHT C4, JPG C8, DAC CC) */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * Kept: APP0 (JFIF), APP14 (Adobe colour transform) and APP2 when it is an ICC colour profile.
 * Dropped: every other APPn (EXIF, XMP, IPTC, MPF with its pictures' list) and comments.
 */
function keptSegment(marker: number, b: Uint8Array, start: number) {
  if (marker === 0xfe) return false;
  if (marker === 0xe2) return ascii(b, start + 4, 12) === 'ICC_PROFILE\0';
  return !(marker >= 0xe1 && marker <= 0xef && marker !== 0xee);
}

/**
 * Where the entropy-coded data that starts at `i` ends: at the next marker that is not data
 * (FF00 is a stuffed FF, FFD0-FFD7 restart markers, FFFF fill), or -1 at the end of the file.
 */
function endOfScan(b: Uint8Array, i: number) {
  for (; i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue;
    const next = b[i + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  return -1;
}

function readJpeg(b: Uint8Array): CheckedPhoto | null {
  const kept: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  let width = 0;
  let height = 0;
  let scanned = false;
  while (i + 2 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      // the end of the first picture: what a phone appends after it (MPO's other pictures,
      // depth or gain maps, each with its own EXIF) is dropped with it
      if (!scanned || !width || !height) return null;
      kept.push(b.subarray(i, i + 2));
      return { mime: 'image/jpeg', width, height, bytes: concat(kept) };
    }
    if (i + 4 > b.length) return null;
    const length = u16be(b, i + 2);
    if (length < 2 || i + 2 + length > b.length) return null;
    if (SOF.has(marker)) {
      if (length < 7) return null;
      height = u16be(b, i + 5);
      width = u16be(b, i + 7);
    }
    if (keptSegment(marker, b, i)) kept.push(b.subarray(i, i + 2 + length));
    i += 2 + length;
    if (marker === 0xda) {
      // a scan: its data up to the next marker (progressive files have several scans, with
      // tables and sometimes metadata between them, read by the same loop)
      if (!width || !height) return null;
      const end = endOfScan(b, i);
      if (end < 0) return null;
      kept.push(b.subarray(i, end));
      scanned = true;
      i = end;
    }
  }
  return null;
}

// ---- PNG (ISO/IEC 15948): chunks, each with its CRC; text, EXIF and time chunks are dropped

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const isPng = (b: Uint8Array) => b.length > 33 && PNG_SIGNATURE.every((x, i) => b[i] === x);
const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function readPng(b: Uint8Array): CheckedPhoto | null {
  if (ascii(b, 12, 4) !== 'IHDR') return null;
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  const kept: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = u32be(b, i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + length;
    if (end > b.length || !/^[A-Za-z]{4}$/.test(type)) return null;
    if (!PNG_DROPPED.has(type)) kept.push(b.subarray(i, end));
    if (type === 'IEND') return { mime: 'image/png', width, height, bytes: concat(kept) };
    i = end;
  }
  return null;
}

// ---- WebP (RIFF): VP8 / VP8L / VP8X; EXIF and XMP chunks dropped and their VP8X flags cleared

const isWebp = (b: Uint8Array) =>
  b.length > 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';

function readWebp(b: Uint8Array): CheckedPhoto | null {
  const riffEnd = 8 + u32le(b, 4);
  if (riffEnd > b.length || riffEnd < 20) return null;
  const kept: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let image = false;
  let i = 12;
  while (i + 8 <= riffEnd) {
    const type = ascii(b, i, 4);
    const size = u32le(b, i + 4);
    const end = i + 8 + size + (size % 2); // chunks are padded to an even size
    if (end > riffEnd + (size % 2)) return null;
    const data = b.subarray(i + 8, i + 8 + size);
    if (type === 'VP8X' && size >= 10) {
      width = u24le(data, 4) + 1;
      height = u24le(data, 7) + 1;
      const chunk = b.slice(i, Math.min(end, b.length));
      chunk[8] = chunk[8]! & ~0x0c; // no EXIF (0x08), no XMP (0x04) any more
      kept.push(chunk);
    } else if (type === 'VP8 ' && size >= 10) {
      if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return null;
      if (!width) {
        width = u16le(data, 6) & 0x3fff;
        height = u16le(data, 8) & 0x3fff;
      }
      image = true;
      kept.push(b.subarray(i, Math.min(end, b.length)));
    } else if (type === 'VP8L' && size >= 5) {
      if (data[0] !== 0x2f) return null;
      if (!width) {
        const bits = u32le(data, 1);
        width = (bits & 0x3fff) + 1;
        height = ((bits >>> 14) & 0x3fff) + 1;
      }
      image = true;
      kept.push(b.subarray(i, Math.min(end, b.length)));
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      if (type === 'ANMF') image = true;
      kept.push(b.subarray(i, Math.min(end, b.length)));
    }
    i = end;
  }
  if (!image || !width || !height) return null;
  const body = concat(kept);
  const header = new Uint8Array(12);
  header.set([0x52, 0x49, 0x46, 0x46]); // RIFF
  const size = body.length + 4;
  header.set([size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, (size >>> 24) & 0xff], 4);
  header.set([0x57, 0x45, 0x42, 0x50], 8); // WEBP
  return { mime: 'image/webp', width, height, bytes: concat([header, body]) };
}
