// Node's SMTP transport sends from a worker thread (node-transports.ts): what arrives is the same
// as from the event loop (headers, HTML, an attachment byte for byte), a 550 stays permanent, and
// a thread that dies under a message answers "later" and is replaced for the next one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport } from '../../src/mail/node-transports.js';
import type { OutgoingMail } from '../../src/mail/transport.js';
import { TEST_FROM, TestSmtpServer } from '../helpers/smtp-server.js';

const smtp = new TestSmtpServer();
beforeAll(() => smtp.start());
afterAll(() => smtp.stop());

const mail = (to: string, extra: Partial<OutgoingMail> = {}): OutgoingMail => ({
  to,
  from: TEST_FROM,
  subject: 'Reçu de dons — novembre',
  text: 'Bonjour,\nvotre reçu est prêt.',
  html: '<p>Bonjour,<br>votre reçu est prêt.</p>',
  headers: { 'List-Unsubscribe': '<https://surplus.test/u/x>' },
  ...extra,
});

describe('SMTP from a worker thread', () => {
  it('delivers what the event loop would: headers, both bodies, an attachment byte for byte', async () => {
    const pdf = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const onThread = smtpTransport(smtp.url, { timeoutMs: 5_000 });
    const here = smtpTransport(smtp.url, { timeoutMs: 5_000, onThread: false });
    try {
      for (const [t, to] of [
        [onThread, 'thread@example.org'],
        [here, 'loop@example.org'],
      ] as const) {
        const out = await t.send(
          mail(to, {
            attachments: [{ filename: 'recu.pdf', contentType: 'application/pdf', content: pdf }],
          }),
        );
        expect(out).toEqual({ kind: 'sent' });
      }
      const [a, b] = [smtp.to('thread@example.org')[0]!, smtp.to('loop@example.org')[0]!];
      for (const m of [a, b]) {
        expect(m.subject).toBe('Reçu de dons — novembre');
        expect(m.text).toContain('votre reçu est prêt.');
        expect(m.html).toContain('<p>Bonjour,<br>votre reçu est prêt.</p>');
        const lu = m.headerLines.find((h) => h.key === 'list-unsubscribe')?.line;
        expect(lu).toBe('List-Unsubscribe: <https://surplus.test/u/x>');
        expect(m.attachments).toHaveLength(1);
        expect(new Uint8Array(m.attachments[0]!.content)).toEqual(pdf);
      }
    } finally {
      await onThread.close?.();
      await here.close?.();
    }
  });

  it('a 550 is permanent; a thread that died under a message says "later", the next goes out', async () => {
    const t = smtpTransport(smtp.url, { timeoutMs: 5_000 });
    try {
      smtp.reject.add('nobody@example.org');
      const refused = await t.send(mail('nobody@example.org'));
      expect(refused).toMatchObject({ kind: 'permanent', error: expect.stringContaining('550') });

      // the server hangs, so the message is still in the thread when the thread is stopped
      smtp.hang = true;
      const stuck = t.send(mail('stuck@example.org'));
      await new Promise((r) => setTimeout(r, 300));
      await (t as any).close();
      expect(await stuck).toMatchObject({ kind: 'retry', error: expect.stringContaining('smtp') });
      smtp.releaseHung();

      const after = await t.send(mail('after@example.org'));
      expect(after).toEqual({ kind: 'sent' });
      expect(smtp.to('after@example.org')).toHaveLength(1);
    } finally {
      smtp.releaseHung();
      await t.close?.();
    }
  });
});
