import { describe, expect, it } from 'vitest';
import { MailStatus } from '../../views/mail/status.js';
import type { Lang } from '../../src/i18n/index.js';
import { render as renderMail } from '../../src/mail/templates.js';

// Counts in the admin's mail status and in the arrangement's offer mail and SMS are written with
// the plural each number needs (count() of src/i18n/format.ts, or the `.one` form), never
// "message(s)" or "date(s)".
const render = async (lang: Lang, mail: { pending: number; failing: number; inDoubt: number }) =>
  String(
    await MailStatus({
      ctx: { lang, actor: null, csrf: '', path: '/admin/organisations' },
      mail: { mode: 'smtp', ...mail },
    }).toString(),
  );

describe('the mail status, in words', () => {
  it.each([
    ['fr', 1, 2, '1 message en attente ; 2 adresses en échec.'],
    ['fr', 0, 1, '0 message en attente ; 1 adresse en échec.'],
    ['fr', 3, 0, '3 messages en attente ; 0 adresse en échec.'],
    ['en', 1, 2, '1 message waiting; 2 failing addresses.'],
    ['en', 0, 1, '0 messages waiting; 1 failing address.'],
    ['en', 1240, 3, '1,240 messages waiting; 3 failing addresses.'],
  ] as const)('%s: %d waiting, %d failing', async (lang, pending, failing, words) => {
    const html = await render(lang, { pending, failing, inDoubt: 0 });
    expect(html).toContain(`<p id="mail-backlog">${words}</p>`);
    expect(html).not.toContain('id="mail-in-doubt"');
  });

  it('messages in doubt agree with their number', async () => {
    expect(await render('fr', { pending: 0, failing: 0, inDoubt: 1 })).toContain(
      '1 message incertain : l’envoi était en cours quand le processus s’est arrêté ; arrivé ou non, il n’est pas renvoyé',
    );
    expect(await render('fr', { pending: 0, failing: 0, inDoubt: 4 })).toContain(
      '4 messages incertains : l’envoi',
    );
    expect(await render('en', { pending: 0, failing: 0, inDoubt: 1 })).toContain(
      '1 message in doubt: it was being sent',
    );
    expect(await render('en', { pending: 0, failing: 0, inDoubt: 2 })).toContain(
      '2 messages in doubt: they were being sent',
    );
  });
});

describe('the dates an arrangement offers, in words', () => {
  const offer = (lang: Lang, count: number) =>
    renderMail(
      'arrangement_offers',
      lang,
      {
        shop: 'Boulangerie Martin',
        first: 'lundi 30 novembre',
        count,
        deadline: '2026-11-29T18:00:00Z',
      },
      { arrangements: 'https://surplus.test/arrangements' },
    );

  it.each([
    ['fr', 2, 'et 1 autre date.', 'Boulangerie Martin, 2 dates à confirmer'],
    ['fr', 4, 'et 3 autres dates.', 'Boulangerie Martin, 4 dates à confirmer'],
    ['fr', 1, 'lundi 30 novembre.', 'Boulangerie Martin, 1 date à confirmer'],
    ['en', 2, 'and 1 more date.', 'Boulangerie Martin, 2 dates to confirm'],
    ['en', 3, 'and 2 more dates.', 'Boulangerie Martin, 3 dates to confirm'],
    ['en', 1, 'lundi 30 novembre.', 'Boulangerie Martin, 1 date to confirm'],
  ] as const)('%s, %d dates', (lang, count, text, sms) => {
    const m = offer(lang, count);
    expect(m.text).toContain(text);
    expect(m.sms).toContain(sms);
    expect(`${m.text} ${m.sms}`).not.toContain('(s)');
  });
});
