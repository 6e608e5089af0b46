import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { parisLocalToDate } from '../../src/shared/time.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const fields = (html: string) => ({
  day: /name="pickupDate" type="date" value="([^"]*)"/.exec(html)![1],
  from: /name="pickupFromTime" type="time" value="([^"]*)"/.exec(html)![1],
  until: /name="pickupUntilTime" type="time" value="([^"]*)"/.exec(html)![1],
});

describe('the default pickup window of the form', () => {
  it.each([
    [
      'mid-morning, no usual window',
      '10:07',
      {},
      { day: '2026-11-27', from: '10:15', until: '12:15' },
    ],
    [
      'before the usual window',
      '10:07',
      { pickup_from: '18:00', pickup_until: '19:30' },
      { day: '2026-11-27', from: '18:00', until: '19:30' },
    ],
    [
      'late evening: tomorrow',
      '23:20',
      { pickup_from: '18:00', pickup_until: '19:30' },
      { day: '2026-11-28', from: '18:00', until: '19:30' },
    ],
    [
      'just before midnight, no usual window',
      '23:55',
      {},
      { day: '2026-11-28', from: '08:00', until: '23:00' },
    ],
    ['late but still today', '22:10', {}, { day: '2026-11-27', from: '22:15', until: '23:59' }],
  ])('%s', async (_name, time, shopWindow, expected) => {
    const { app, clock } = buildApp(t.db);
    clock.set(parisLocalToDate('2026-11-27', time)!);
    const shop = await createOrgWithUser(t.db, 'shop', shopWindow);
    const c = new Client(app);
    await c.signIn(shop.user.email, PASSWORD);
    const html = await (await c.get('/donations')).text();
    expect(fields(html)).toEqual(expected);
    // and the defaults post as they are (given a description and kg)
    const f = fields(html);
    const res = await c.post('/donations', {
      category: 'bakery',
      description: 'pain',
      quantityKg: '2',
      storage: 'ambient',
      pickupDate: f.day,
      pickupFromTime: f.from,
      pickupUntilTime: f.until,
      packaged: 'yes',
    });
    expect(res.status).toBe(303);
  });
});
