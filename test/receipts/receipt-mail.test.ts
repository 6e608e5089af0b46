import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentOf } from '../../src/mail/attachments.js';
import { brevoMailTransport } from '../../src/mail/brevo.js';
import { fileTransport } from '../../src/mail/node-transports.js';
import { drainMessages, type MessageTransports } from '../../src/mail/sender.js';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { FakeBrevo, TestSmtpServer } from '../helpers/smtp-server.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';

let t: TestDatabase;
const smtp = new TestSmtpServer();
const brevo = new FakeBrevo();
let transports: MessageTransports;
beforeAll(async () => {
  t = await openTestDatabase();
  await smtp.start();
  await brevo.start();
  transports = smtp.transports();
});
afterAll(async () => {
  await transports?.mail.close?.();
  await smtp.stop();
  await brevo.stop();
  await t?.close();
});
useNoServerErrors();

const pdfWords = async (bytes: Uint8Array) => {
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  return (await extractText(bytes, { mergePages: true })).text.replace(/\s+/g, ' ');
};

/** A shop with a French and an English manager; the association took from it in Sept, Oct, Nov. */
async function scene() {
  const built = strictApp(t.db);
  built.clock.set('2026-12-03T10:00:00+01:00');
  const shop = await createOrgWithUser(t.db, 'shop', {
    name: 'Boulangerie Sathonay',
    siret: '73282932000074',
    siren: '732829320',
    legal_form: 'SARL',
  });
  const english = await createUser(t.db, { organisationId: shop.org.id, role: 'manager' });
  await t.db.updateTable('users').set({ lang: 'en' }).where('id', '=', english.id).execute();
  const member = await createUser(t.db, { organisationId: shop.org.id, role: 'member' });
  const assoc = await createOrgWithUser(t.db, 'association', {
    name: 'Épicerie Solidaire du Plateau',
    rna: 'W691234567',
    purpose: 'Aide alimentaire',
    approval_level: 'law',
    receipt_period: 'month',
  });
  for (const day of ['2026-09-10', '2026-10-10', '2026-11-10']) {
    const d = await createDonation(t.db, {
      shopId: shop.org.id,
      description: `Pain du ${day}`,
      value_eur: 12.5,
      created_at: `${day}T08:00:00+01:00`,
    });
    await markPickedUp(t.db, d.id, { associationId: assoc.org.id, at: `${day}T18:00:00+01:00` });
  }
  const a = await apiAs(built.app, assoc.user.email, PASSWORD);
  const issue = async (month: string, last: string) => {
    const r = await a.post('/receipts', {
      shopId: shop.org.id,
      periodFrom: `2026-${month}-01`,
      periodTo: `2026-${month}-${last}`,
    });
    expect(r.status).toBe(201);
    return r.body;
  };
  return { built, shop, english, member, issue };
}

const pdfOf = (mail: ParsedMail) => {
  expect(mail.attachments.map((x) => [x.filename, x.contentType])).toEqual([
    [expect.stringMatching(/^receipt-2026-\d{4}\.pdf$/), 'application/pdf'],
  ]);
  return new Uint8Array(mail.attachments[0]!.content);
};

describe('the mail telling the shop of a receipt carries its PDF', () => {
  it('over SMTP: each manager gets it attached, in their language; the row names it only', async () => {
    const { shop, english, member, issue, built } = await scene();
    const r = await issue('09', '30');
    const rows = await t.db
      .selectFrom('push_deliveries')
      .select(['user_id', 'attachment'])
      .where('message_key', '=', `receipt:${r.id}`)
      .orderBy('user_id')
      .execute();
    expect(rows).toEqual([
      { user_id: shop.user.id, attachment: `receipt_pdf:${r.id}` },
      { user_id: english.id, attachment: `receipt_pdf:${r.id}` },
    ]);
    expect(await drainMessages(t.db, transports, built.clock.now)).toBe(2);
    const fr = smtp.to(shop.user.email).at(-1)!;
    expect(fr.text).toContain('joint à ce message en PDF');
    const text = await pdfWords(pdfOf(fr));
    for (const s of [
      `Reçu n° ${r.number}`,
      'Boulangerie Sathonay',
      'RNA W691234567',
      'Pain du 2026-09-10',
    ])
      expect(text).toContain(s);
    const en = smtp.to(english.email).at(-1)!;
    expect(en.text).toContain('attached to this message as a PDF');
    expect(await pdfWords(pdfOf(en))).toContain(r.number);
    expect(await pdfWords(pdfOf(en))).not.toEqual(text); // worded in English
    expect(smtp.to(member.email)).toEqual([]); // managers only
  });

  it('in the .eml file written when no mail is configured', async () => {
    const { shop, issue, built } = await scene();
    const r = await issue('10', '31');
    const dir = join(await mkdtemp(join(tmpdir(), 'sl-receipt-')), 'mail');
    await drainMessages(t.db, { ...transports, mail: fileTransport(dir) }, built.clock.now);
    const mails = await Promise.all(
      (await readdir(dir)).map(async (f) => simpleParser(await readFile(join(dir, f)))),
    );
    const fr = mails.find((m) => m.subject?.includes(r.number) && m.text?.includes('Bonjour'))!;
    expect([fr.to].flat()[0]!.value[0]!.address).toBe(shop.user.email);
    expect(await pdfWords(pdfOf(fr))).toContain(`Reçu n° ${r.number}`);
  });

  it("in Brevo's e-mail API payload, as base64 `attachment`", async () => {
    const { shop, issue, built } = await scene();
    const r = await issue('11', '30');
    const mail = brevoMailTransport({ apiKey: brevo.apiKey, baseUrl: brevo.url });
    await drainMessages(t.db, { ...transports, mail }, built.clock.now);
    const sent = brevo.emails.find(
      (e) => e.to[0].email === shop.user.email && e.subject.includes(r.number),
    );
    expect(sent.attachment).toEqual([
      { name: `receipt-${r.number}.pdf`, content: expect.any(String) },
    ]);
    const bytes = new Uint8Array(Buffer.from(sent.attachment[0].content, 'base64'));
    expect(await pdfWords(bytes)).toContain(`Reçu n° ${r.number}`);
  });

  it('is bounded: a file over the limit, or one the row does not name rightly, is left out', async () => {
    const { issue } = await scene();
    const r = await issue('09', '30');
    expect(await attachmentOf(t.db, `receipt_pdf:${r.id}`, 'fr')).toHaveLength(1);
    expect(await attachmentOf(t.db, `receipt_pdf:${r.id}`, 'fr', 1_000)).toEqual([]);
    for (const ref of [
      null,
      'receipt_pdf:999999',
      'invoice:1',
      'receipt_pdf:1;drop',
      'constructor:1',
    ])
      expect(await attachmentOf(t.db, ref, 'fr')).toEqual([]);
  });
});
