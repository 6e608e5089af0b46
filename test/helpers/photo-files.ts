// Image files made byte by byte, for the photo tests: the containers the checker reads
// (src/donations/photo-bytes.ts), with metadata to strip.

export const SECRET = 'GPS 45.7640N 4.8357E serial 123456';
export const ascii = (s: string) => [...Buffer.from(s, 'latin1')];
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
export const segment = (marker: number, payload: number[]) => [
  0xff,
  marker,
  ...be16(payload.length + 2),
  ...payload,
];

export function jpeg(width = 640, height = 480, opts: { eoi?: boolean } = {}) {
  return new Uint8Array([
    0xff,
    0xd8,
    ...segment(0xe0, [...ascii('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xe1, [...ascii('Exif\0\0'), ...ascii(SECRET)]),
    ...segment(0xed, [...ascii('Photoshop 3.0\0'), ...ascii(SECRET)]),
    ...segment(0xfe, ascii(SECRET)),
    ...segment(0xe2, [...ascii('ICC_PROFILE\0'), 1, 1, 0, 0]),
    ...segment(0xdb, [0, ...new Array(64).fill(1)]),
    ...segment(0xc0, [8, ...be16(height), ...be16(width), 1, 1, 0x11, 0]),
    ...segment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    0x12,
    0x34,
    0xff,
    0x00,
    0x56,
    ...(opts.eoi === false ? [] : [0xff, 0xd9]),
  ]);
}

export function pngChunk(type: string, data: number[]) {
  return [
    ...Buffer.from([0, 0, 0, 0].map((_, i) => (data.length >>> (24 - 8 * i)) & 0xff)),
    ...ascii(type),
    ...data,
    0,
    0,
    0,
    0,
  ];
}

export function pngOfSize(width: number, height: number) {
  const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...pngChunk('IHDR', [...be32(width), ...be32(height), 8, 2, 0, 0, 0]),
    ...pngChunk('IDAT', [0x78, 0x9c, 0, 0]),
    ...pngChunk('IEND', []),
  ]);
}
