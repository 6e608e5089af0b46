// Runs inside workerd (vitest.workers.config.ts), issue 14 on the Workers path: a non-essential
// mail queued in the outbox leaves with the minute Cron Trigger through Brevo's e-mail API (a
// local server playing it, started on Node by brevo-setup.ts), carrying the RFC 8058 one-click
// unsubscribe headers with a signed link; a POST to that link, with no sign-in, is answered by the
// Worker and stores the choice; a tampered link is refused and changes nothing.
import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostgresClient, type Sql } from '../../src/db/postgres.js';
import { PostgresJsDialect } from '../../src/db/postgres-dialect.js';
import type { Database } from '../../src/db/schema.js';
import { workerdSocket } from '../../src/cloudflare/pg-socket.js';
import { queueEmail } from '../../src/mail/outbox.js';
import worker from '../../src/worker.js';
import { createUser } from '../helpers/factories.js';

const PUBLIC_URL = 'https://sl.test';
/** The Worker's bindings with mail on: Brevo's API played on Node, links from PUBLIC_URL. */
const mailEnv = () => ({
  ...env,
  BREVO_API_KEY: inject('brevoApiKey'),
  BREVO_API_URL: inject('brevoUrl'),
  PUBLIC_URL,
  MAIL_FROM: 'Surplus Link <noreply@surplus.test>',
});

/** One invocation of the Worker (no cookie, no session: as a mail client posts). */
async function request(url: string, init?: RequestInit) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, init), mailEnv() as any, ctx as any);
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, body };
}

const oneClick = (url: string) =>
  request(url, {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function fireMinuteCron() {
  // a slot of its own (far in the past): no other test's or trigger's run has taken it
  const scheduledTime = Date.UTC(2002, 0, 1, 0, Math.floor(Math.random() * 500_000));
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ cron: '* * * * *', scheduledTime }) as any,
    mailEnv() as any,
    ctx as any,
  );
  await waitOnExecutionContext(ctx);
}

/** What the Brevo stand-in received (it runs on Node: asked over HTTP). */
async function received(): Promise<{ emails: any[]; keys: string[] }> {
  return (await fetch(`${inject('brevoUrl')}/__received`)).json() as any;
}

let client: Sql;
let db: Kysely<Database>;
beforeAll(async () => {
  client = createPostgresClient(env.HYPERDRIVE.connectionString, {
    max: 1,
    fetch_types: false,
    socket: workerdSocket,
  } as any);
  await client`select 1`;
  db = new Kysely<Database>({ dialect: new PostgresJsDialect(client as any) });
});
afterAll(async () => {
  await client?.end({ timeout: 5 });
});

const optOuts = (userId: number) =>
  db.selectFrom('mail_opt_outs').select('purpose').where('user_id', '=', userId).execute();

const claimMail = (userId: number, key: string) =>
  queueEmail(
    db,
    {
      userId,
      template: 'donation_claimed',
      key,
      params: {
        driver: 'Camille',
        association: 'Les Restos du quartier',
        description: 'Pain du soir (workerd)',
        kg: 3,
        claimedAt: '3 décembre à 18 h 00',
        from: '19 h 00',
        until: '19 h 30',
      },
      links: { donation: '/donations/1' },
      purpose: 'donation_updates',
    },
    new Date(),
  );

describe('one-click unsubscribe on workerd', () => {
  it('the cron sends the mail through Brevo with a signed List-Unsubscribe; its POST unsubscribes without sign-in, a tampered one is refused', async () => {
    const u = await createUser(db);
    expect(await claimMail(u.id, `claim:workerd:${u.id}`)).toBe(true);
    await fireMinuteCron();

    const got = await received();
    const mail = got.emails.find((m) => m.to?.[0]?.email === u.email);
    expect(mail, JSON.stringify(got.emails).slice(0, 500)).toBeDefined();
    expect(got.keys.every((k) => k === inject('brevoApiKey'))).toBe(true);
    expect(mail.subject).toContain('Camille vient chercher votre don');
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const header = mail.headers['List-Unsubscribe'] as string;
    const link = new RegExp(
      `^<(${PUBLIC_URL}/unsubscribe/u${u.id}-donation_updates-[\\w-]{43})>$`,
    ).exec(header)?.[1];
    expect(link, header).toBeDefined();
    const sent = await db
      .selectFrom('push_deliveries')
      .select(['status'])
      .where('user_id', '=', u.id)
      .where('channel', '=', 'email')
      .execute();
    expect(sent).toEqual([{ status: 'sent' }]);

    // tampered: another signature, or the same one for another purpose or user
    const mac = link!.slice(link!.lastIndexOf('-') + 1);
    const flipped = link!.slice(0, -1) + (link!.endsWith('A') ? 'B' : 'A');
    const otherPurpose = `${PUBLIC_URL}/unsubscribe/u${u.id}-weekly_summary-${mac}`;
    const otherUser = `${PUBLIC_URL}/unsubscribe/u${u.id + 1}-donation_updates-${mac}`;
    for (const bad of [flipped, otherPurpose, otherUser]) {
      expect((await oneClick(bad)).status, bad).toBe(404);
    }
    expect(await optOuts(u.id)).toEqual([]);
    expect(await optOuts(u.id + 1)).toEqual([]);
    // opening the link (GET) asks first: it changes nothing
    expect((await request(link!)).status).toBe(200);
    expect(await optOuts(u.id)).toEqual([]);

    const done = await oneClick(link!);
    expect(done.status).toBe(200);
    expect(await optOuts(u.id)).toEqual([{ purpose: 'donation_updates' }]);
    // stored: the next mail of that purpose is not even queued; twice changes nothing more
    expect(await claimMail(u.id, `claim:workerd:${u.id}:2`)).toBe(false);
    expect((await oneClick(link!)).status).toBe(200);
    expect(await optOuts(u.id)).toEqual([{ purpose: 'donation_updates' }]);
  });
});
