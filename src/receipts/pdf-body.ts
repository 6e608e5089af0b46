import type { Context } from 'hono';

/** A PDF answer: shown in the browser, saved under `filename`, kept out of shared caches. */
export function pdfBody(c: Context, bytes: Uint8Array, filename: string) {
  c.header('content-type', 'application/pdf');
  c.header('content-disposition', `inline; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  c.header('cache-control', 'private, no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>);
}
