import { describe, expect, it } from 'vitest';
import { loadActor } from '../../src/accounts/actor.js';
import { recordWithdrawal } from '../../src/withdrawals/domain.js';
import { addRate, rateOn } from '../../src/withdrawals/rates.js';
import {
  memberStateRate,
  noticeInTime,
  transportBand,
  type TransportBand,
} from '../../src/withdrawals/rules.js';
import { setTransportCost, transportCostOn } from '../../src/withdrawals/transport.js';
import { apiAs } from '../helpers/app.js';
import { createUser, PASSWORD } from '../helpers/factories.js';
import { createProducerOrg, declareCampaign, noticeFor } from '../helpers/withdrawal-factories.js';
import { app, as, ids, t, useApiParties } from './parties.js';

useApiParties();

const now = new Date('2026-11-27T09:00:00+01:00');
const admin = async () => loadActor(t.db, await createUser(t.db, { isAdmin: true }));

describe('rates follow the rule in force on the date of the operation', () => {
  it('prices across 2022/2023: history, then Annex IV up to 2022, then 2022/126 from 2023', async () => {
    const a = await admin();
    await addRate(t.db, a, {
      product: 'pears',
      basis: 'annex_iv_2017_891',
      eurPer100Kg: 21.5,
      validFrom: '2019-01-01',
      source: 'Règl. délégué (UE) 2017/891, annexe IV',
    });
    // 30 % of a 5-year average of 80 EUR per 100 kg
    await addRate(t.db, a, {
      product: 'pears',
      basis: 'member_state_2022_126',
      averagePriceEurPer100Kg: 80,
      sharePct: 30,
      validFrom: '2023-01-01',
      source: 'Arrêté FranceAgriMer (test)',
    });
    const table: [string, number | undefined, string | undefined][] = [
      ['2018-12-31', 23.85, 'history_2014_2018'],
      ['2019-01-01', 21.5, 'annex_iv_2017_891'],
      ['2022-12-31', 21.5, 'annex_iv_2017_891'],
      ['2023-01-01', 24, 'member_state_2022_126'],
      ['2026-06-15', 24, 'member_state_2022_126'],
    ];
    for (const [date, eur, basis] of table) {
      const r = await rateOn(t.db, 'pears', date);
      expect([r?.eur_per_100kg, r?.basis], date).toEqual([eur, basis]);
    }
    const po = await createProducerOrg(t.db, { year: 2022, marketedKg: 1_000_000 });
    await declareCampaign(t.db, po.org.id, 2023, 1_000_000);
    const actor = await loadActor(t.db, po.user);
    const op = (date: string) =>
      recordWithdrawal(
        t.db,
        actor,
        {
          product: 'pears',
          quantityKg: 100,
          date,
          associationId: ids.assoc,
          notifiedAt: noticeFor(date),
        },
        now,
      );
    expect((await op('2022-12-31')).eur_per_100kg).toBe(21.5);
    expect((await op('2023-01-01')).eur_per_100kg).toBe(24);
  });

  it('an Annex IV rate ends with 2022 by itself; a 2023 date without a 2022/126 rate has none', async () => {
    const a = await admin();
    await addRate(t.db, a, {
      product: 'plums',
      basis: 'annex_iv_2017_891',
      eurPer100Kg: 30,
      validFrom: '2020-01-01',
      source: 'Annex IV',
    });
    const plums = await rateOn(t.db, 'plums', '2022-12-31');
    expect(plums?.valid_to).toBe('2022-12-31');
    expect(await rateOn(t.db, 'plums', '2023-01-01')).toBeUndefined();
  });

  it.each([
    [{ basis: 'annex_iv_2017_891', eurPer100Kg: 10, validFrom: '2023-01-01' }, 'validFrom'],
    [{ basis: 'annex_v_2022_126', eurPer100Kg: 10, validFrom: '2022-12-31' }, 'validFrom'],
    [{ basis: 'member_state_2022_126', eurPer100Kg: 10, validFrom: '2027-01-01' }, 'sharePct'],
    [
      {
        basis: 'member_state_2022_126',
        averagePriceEurPer100Kg: 50,
        sharePct: 41,
        validFrom: '2027-01-01',
      },
      'sharePct',
    ],
    [{ basis: 'annex_v_2022_126', validFrom: '2027-01-01' }, 'eurPer100Kg'],
    [{ eurPer100Kg: 10, validFrom: '2027-01-01' }, 'basis'],
    [{ basis: 'history_2014_2018', eurPer100Kg: 10, validFrom: '2027-01-01' }, 'basis'],
  ])('refuses %j next to %s (422, nothing saved)', async (over, field) => {
    const before = await t.db.selectFrom('withdrawal_rates').select('id').execute();
    const res = await as.admin.post('/withdrawal-rates', {
      product: 'cabbages',
      source: 'x',
      ...over,
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toContain(field);
    expect(await t.db.selectFrom('withdrawal_rates').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('the API answers each rate with its basis, and the member state share', async () => {
    const res = await as.admin.post('/withdrawal-rates', {
      product: 'lemons',
      basis: 'member_state_2022_126',
      averagePriceEurPer100Kg: 61.1,
      sharePct: 40,
      validFrom: '2024-01-01',
      source: 'Arrêté (test)',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      basis: 'member_state_2022_126',
      eurPer100Kg: 24.44,
      sharePct: 40,
      averagePriceEurPer100Kg: 61.1,
      validFrom: '2024-01-01',
    });
    expect(res.body.previous).toMatchObject({ basis: 'history_2014_2018', validTo: '2023-12-31' });
  });

  it.each([
    [80, 30, 24],
    [61.1, 40, 24.44],
    [33.33, 33.33, 11.11], // 11.108889 rounds down
    [0.05, 10, 0.01], // half a cent rounds up
  ])('member state maximum: %s EUR x %s %% = %s EUR', (avg, pct, eur) => {
    expect(memberStateRate(avg, pct)).toBe(eur);
  });
});

describe('transport as unit costs by distance, up to 750 km', () => {
  const scale: TransportBand[] = [
    { upToKm: 750, eurPer100Kg: 8.98 },
    { upToKm: 25, eurPer100Kg: 1.82 },
    { upToKm: 200, eurPer100Kg: 4.14 },
    { upToKm: 350, eurPer100Kg: 5.43 },
    { upToKm: 500, eurPer100Kg: 7.13 },
  ];
  it.each([
    [0, 1.82],
    [25, 1.82],
    [26, 4.14],
    [200, 4.14],
    [201, 5.43],
    [500, 7.13],
    [749, 8.98],
    [750, 8.98],
    [751, 8.98],
    [3000, 8.98],
  ])('%s km -> %s EUR per 100 kg', (km, eur) => {
    expect(transportBand(scale, km)?.eurPer100Kg).toBe(eur);
  });

  it('a scale that stops short pays nothing past its last band', () => {
    expect(transportBand(scale.slice(1, 3), 201)).toBeUndefined();
  });

  it('the scale of the operation date prices it; an operation keeps it', async () => {
    const a = await admin();
    for (const [from, km, eur] of [
      ['2023-01-01', 100, 2],
      ['2023-01-01', 750, 6],
      ['2026-01-01', 100, 3],
      ['2026-01-01', 750, 7],
    ] as const)
      await setTransportCost(t.db, a, {
        validFrom: from,
        upToKm: km,
        eurPer100Kg: eur,
        source: 's',
      });
    expect(await transportCostOn(t.db, '2025-12-31', 80)).toBe(2);
    expect(await transportCostOn(t.db, '2026-01-01', 80)).toBe(3);
    expect(await transportCostOn(t.db, '2026-01-01', 900)).toBe(7);
    await expect(transportCostOn(t.db, '2022-12-31', 80)).rejects.toMatchObject({
      fields: { distanceKm: 'wd.err.no_transport_cost' },
    });
    const res = await as.po.post('/withdrawals', {
      product: 'carrots',
      quantityKg: 200,
      date: '2026-11-20',
      associationId: ids.assoc,
      notifiedAt: '2026-11-18T09:00:00+01:00',
      distanceKm: 420,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ distanceKm: 420, transportEurPer100Kg: 7 });
    expect(res.body.compensation.flatEurPer100Kg).toBe(7);
    const far = await as.po.post('/withdrawals', {
      product: 'carrots',
      quantityKg: 1,
      date: '2026-11-20',
      associationId: ids.assoc,
      notifiedAt: '2026-11-18T09:00:00+01:00',
      distanceKm: 5001,
    });
    expect([far.status, Object.keys(far.body.error.fields)]).toEqual([422, ['distanceKm']]);
  });
});

describe('the 24 h notice to FranceAgriMer', () => {
  it.each([
    // 24 h before the withdrawal's day began (00:00 in Paris on the day before = 23:00 UTC)
    ['2026-11-18T23:00:00Z', '2026-11-20', true],
    ['2026-11-10T12:00:00Z', '2026-11-20', true],
    ['2026-11-18T23:00:01Z', '2026-11-20', false],
    ['2026-11-19T08:00:00Z', '2026-11-20', false], // the day before, but less than 24 h ahead
    ['2026-11-20T06:00:00Z', '2026-11-20', false],
    ['2026-11-21T06:00:00Z', '2026-11-20', false],
    // summer time: 00:00 in Paris is 22:00 UTC
    ['2026-06-18T22:00:00Z', '2026-06-20', true],
    ['2026-06-18T22:30:00Z', '2026-06-20', false],
  ])('told at %s for a withdrawal on %s: in time %s', (told, on, ok) => {
    expect(noticeInTime(new Date(told), on)).toBe(ok);
  });

  it('is recorded with its date; a late one is refused next to the field', async () => {
    const body = {
      product: 'carrots',
      quantityKg: 10,
      date: '2026-11-20',
      associationId: ids.assoc,
      notifiedAt: '2026-11-18T09:00:00+01:00',
    };
    const ok = await as.po.post('/withdrawals', {
      ...body,
      notifiedAt: '2026-11-18T23:30:00+01:00',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.notifiedAt).toBe('2026-11-18T22:30:00.000Z');
    // the evening before is less than 24 h before the day's first hour: late
    const late = await as.po.post('/withdrawals', { ...body, notifiedAt: '2026-11-19T18:30:00Z' });
    expect([late.status, late.body.error.fields]).toEqual([
      422,
      { notifiedAt: expect.any(String) },
    ]);
    const bad = await as.po.post('/withdrawals', { ...body, notifiedAt: 'yesterday' });
    expect([bad.status, Object.keys(bad.body.error.fields)]).toEqual([422, ['notifiedAt']]);
  });
});

describe('withdrawal certificates: numbered per producer organisation and campaign', () => {
  it('gives 50 operations recorded at once 50 distinct numbers without a gap', async () => {
    const po = await createProducerOrg(t.db, { marketedKg: 10_000_000 });
    const api = await apiAs(app, po.user.email, PASSWORD);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.post('/withdrawals', {
          product: 'carrots',
          quantityKg: 1,
          date: '2026-11-20',
          associationId: ids.assoc,
          notifiedAt: '2026-11-18T09:00:00+01:00',
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => r.body.certificateNumber as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 50 }, (_, i) => `RC-2026-${String(i + 1).padStart(4, '0')}`),
    );
    // another producer organisation starts at 1 in the same campaign
    const other = await createProducerOrg(t.db);
    const first = await (
      await apiAs(app, other.user.email, PASSWORD)
    ).post('/withdrawals', {
      product: 'carrots',
      quantityKg: 1,
      date: '2026-11-20',
      associationId: ids.assoc,
      notifiedAt: '2026-11-18T09:00:00+01:00',
    });
    expect(first.body.certificateNumber).toBe('RC-2026-0001');
  });

  it('refuses a number the PO gives that its campaign already has; a refusal uses no number', async () => {
    const po = await createProducerOrg(t.db);
    const api = await apiAs(app, po.user.email, PASSWORD);
    const body = {
      product: 'carrots',
      quantityKg: 1,
      date: '2026-11-20',
      associationId: ids.assoc,
      notifiedAt: '2026-11-18T09:00:00+01:00',
    };
    expect((await api.post('/withdrawals', { ...body, certificateNumber: 'FAM-1' })).status).toBe(
      201,
    );
    const twice = await api.post('/withdrawals', { ...body, certificateNumber: 'FAM-1' });
    expect([twice.status, twice.body.error.fields]).toEqual([
      422,
      { certificateNumber: expect.any(String) },
    ]);
    // a typed number of the platform's own form would meet the counter later: refused
    const reserved = await api.post('/withdrawals', { ...body, certificateNumber: 'rc-2026-0003' });
    expect([reserved.status, reserved.body.error.fields]).toEqual([
      422,
      { certificateNumber: expect.stringContaining('RC-') },
    ]);
    const next = await api.post('/withdrawals', body);
    expect(next.body.certificateNumber).toBe('RC-2026-0002');
  });
});
