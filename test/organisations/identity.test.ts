import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import {
  approvalState,
  approvedOn,
  isRna,
  isSiren,
  isSiret,
  underLegalDuty,
} from '../../src/organisations/identity.js';
import { t as word } from '../../src/i18n/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

describe('identity keys', () => {
  it.each([
    ['73282932000074', true, 'valid SIRET'],
    ['73282932000075', false, 'last digit off by one'],
    ['73282932100074', false, 'a middle digit off by one'],
    ['7328293200007', false, '13 digits'],
    ['732829320000745', false, '15 digits'],
    ['7328293200007A', false, 'a letter'],
    ['35600000000048', true, 'La Poste head office (Luhn holds)'],
    ['35600000010000', true, 'La Poste establishment: digit sum a multiple of 5, Luhn broken'],
    ['35600000010001', false, 'La Poste establishment: digit sum not a multiple of 5'],
    ['55210055400010', false, 'a SIREN whose key holds but a SIRET whose key does not'],
  ])('SIRET %s -> %s (%s)', (s, ok) => expect(isSiret(s)).toBe(ok));

  it.each([
    ['732829320', true],
    ['732829321', false],
    ['356000000', true],
    ['12345678', false],
  ])('SIREN %s -> %s', (s, ok) => expect(isSiren(s)).toBe(ok));

  it.each([
    ['W691234567', true],
    ['W2A1001234', true],
    ['W2B1001234', true],
    ['W69123456', false],
    ['W6912345678', false],
    ['X691234567', false],
    ['WAB1234567', false],
    ['691234567', false],
  ])('RNA %s -> %s', (s, ok) => expect(isRna(s)).toBe(ok));

  it.each([
    [{ approval_level: null, approval_ends_on: null }, '2026-12-03', 'none', false],
    [{ approval_level: 'law', approval_ends_on: null }, '2026-12-03', 'law', true],
    [{ approval_level: 'regional', approval_ends_on: '2027-02-02' }, '2026-12-03', 'valid', true],
    [{ approval_level: 'regional', approval_ends_on: '2027-02-01' }, '2026-12-03', 'ending', true],
    [{ approval_level: 'national', approval_ends_on: '2026-12-03' }, '2026-12-03', 'ending', true],
    [{ approval_level: 'national', approval_ends_on: '2026-12-02' }, '2026-12-03', 'ended', false],
  ] as const)('approval %j on %s -> %s', (o, day, state, ok) => {
    expect(approvalState(o, day)).toBe(state);
    expect(approvedOn(o, day)).toBe(ok);
  });

  it('over 400 m² a shop is under the legal duty; at 400 it is not', () => {
    expect(underLegalDuty({ kind: 'shop', sales_area_m2: 401 })).toBe(true);
    expect(underLegalDuty({ kind: 'shop', sales_area_m2: 400 })).toBe(false);
    expect(underLegalDuty({ kind: 'shop', sales_area_m2: null })).toBe(false);
  });
});

describe('identity in the API', () => {
  it('PATCH sets a shop SIRET (spaces allowed), derives the SIREN, and answers the fields', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop');
    const api = await apiAs(app, user.email, PASSWORD);
    const res = await api.patch(`/organisations/${org.id}`, {
      siret: '732 829 320 00074',
      legalForm: 'SAS',
      salesAreaM2: 650,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      siret: '73282932000074',
      siren: '732829320',
      legalForm: 'SAS',
      salesAreaM2: 650,
      approval: null,
    });
  });

  it('an approved association that changes its own approval waits for the admin again', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association', { approved: true });
    const api = await apiAs(app, user.email, PASSWORD);
    // the rest of the profile changes nothing
    expect((await api.patch(`/organisations/${org.id}`, { rna: 'W691234567' })).status).toBe(200);
    const still = await t.db
      .selectFrom('organisations')
      .select('approved')
      .where('id', '=', org.id);
    expect((await still.executeTakeFirstOrThrow()).approved).toBe(true);
    const res = await api.patch(`/organisations/${org.id}`, { approval: { level: 'law' } });
    expect(res.status).toBe(200);
    expect((await still.executeTakeFirstOrThrow()).approved).toBe(false);
  });

  it.each([
    [{ siret: '73282932000075' }, 'siret', 'err.siret'],
    [{ rna: 'W6912345' }, 'rna', 'err.rna'],
    [{ siren: '732829321' }, 'siren', 'err.siren'],
    [{ siret: '73282932000074', siren: '443061841' }, 'siren', 'err.siren_siret'],
    [{ salesAreaM2: -3 }, 'salesAreaM2', 'err.positive'],
    [
      { approval: { level: 'regional', number: 'R-69-2024-01' } },
      'approval.endsOn',
      'err.required',
    ],
    [{ approval: { level: 'national', endsOn: '2028-02-30' } }, 'approval.endsOn', 'err.date'],
    [{ approval: { level: 'royal' } }, 'approval.level', 'err.choice'],
  ])('PATCH %j -> 422 on %s, nothing saved', async (body, field, message) => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association', { rna: 'W691111111' });
    const api = await apiAs(app, user.email, PASSWORD);
    const res = await api.patch(`/organisations/${org.id}`, { ...body, legalForm: 'Association' });
    expect(res.status).toBe(422);
    expect(res.body.error.fields[field]).toBe(word('en', message));
    const row = await t.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rna: 'W691111111', legal_form: null, approval_level: null });
  });

  it('POST (admin) creates an association with RNA, SIREN and approval; law needs no number', async () => {
    const { app } = strictApp(t.db);
    const admin = await createUser(t.db, { isAdmin: true });
    const api = await apiAs(app, admin.email, PASSWORD);
    const res = await api.post('/organisations', {
      kind: 'association',
      name: 'CCAS de Lyon',
      lat: 45.76,
      lng: 4.83,
      rna: 'w69 1234567',
      siren: '732829320',
      object: 'Aide alimentaire aux personnes en difficulté',
      approval: { level: 'law' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      rna: 'W691234567',
      siren: '732829320',
      object: 'Aide alimentaire aux personnes en difficulté',
      approval: { level: 'law', number: null, endsOn: null },
    });
  });
});

describe('identity in the forms', () => {
  const profile = (over: Record<string, string>) => ({
    profileForm: 'association',
    name: 'Restos du Plateau',
    address: '5 rue Dumenge',
    postcode: '69004',
    town: 'Lyon',
    lat: '45.7765',
    lng: '4.8275',
    radiusKm: '5',
    pickupDays: '1',
    ...over,
  });

  it('a wrong RNA and a regional approval without end date: messages next to the fields (422)', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    const res = await c.post(
      `/organisations/${org.id}`,
      profile({ rna: 'W12', approvalLevel: 'regional', approvalNumber: 'R-1', approvalEndsOn: '' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="f-rna-err">Ce numéro RNA n’est pas valide/);
    expect(html).toMatch(/id="f-approvalEndsOn-err">Ce champ est obligatoire/);
  });

  it('saved approval ending within 60 days: the association is warned on its profile', async () => {
    const built = strictApp(t.db);
    built.clock.set('2026-12-03T10:00:00+01:00');
    const { org, user } = await createOrgWithUser(t.db, 'association');
    const c = new Client(built.app);
    await c.signIn(user.email, PASSWORD);
    const res = await c.post(
      `/organisations/${org.id}`,
      profile({
        rna: 'W691234567',
        approvalLevel: 'regional',
        approvalNumber: 'R-69-2021-07',
        approvalEndsOn: '2027-01-31',
      }),
    );
    expect(res.status).toBe(303);
    const html = await (await c.get(`/organisations/${org.id}`)).text();
    expect(html).toMatch(/id="approval-banner"[^>]*>[^<]*prend fin le 31 janvier 2027/);
    built.clock.set('2027-02-01T10:00:00+01:00');
    await c.signIn(user.email, PASSWORD); // the session of two months ago has ended
    const later = await (await c.get(`/organisations/${org.id}`)).text();
    expect(later).toMatch(/a pris fin le 31 janvier 2027/);
  });

  it('a shop over 400 m² is told of the legal duty; the admin sees SIRET and approvals', async () => {
    const { app } = strictApp(t.db);
    const { org, user } = await createOrgWithUser(t.db, 'shop', {
      name: 'Super U Croix-Rousse',
      siret: '73282932000074',
      siren: '732829320',
      sales_area_m2: 1200,
    });
    await createOrgWithUser(t.db, 'association', {
      name: 'Banque du Plateau',
      rna: 'W691234567',
      approval_level: 'national',
      approval_number: 'DGCS-2024-12',
      approval_ends_on: '2029-12-31',
      approved: false,
    });
    const c = new Client(app);
    await c.signIn(user.email, PASSWORD);
    expect(await (await c.get(`/organisations/${org.id}`)).text()).toContain('id="legal-duty"');
    const admin = await createUser(t.db, { isAdmin: true });
    const a = new Client(app);
    await a.signIn(admin.email, PASSWORD);
    const html = await (await a.get('/admin/organisations?pending=1')).text();
    expect(html).toContain('RNA W691234567');
    expect(html).toContain('Nationale (DGCS) n° DGCS-2024-12 → 31 décembre 2029');
  });
});

describe('the donor is told before handing over', () => {
  it('a claim by an association whose approval ended: no tax receipt, said on the shop’s donation page', async () => {
    const { createDonation, markClaimed } = await import('../helpers/donation-factories.js');
    const built = strictApp(t.db);
    built.clock.set('2026-12-03T10:00:00+01:00');
    const shop = await createOrgWithUser(t.db, 'shop');
    const ended = await createOrgWithUser(t.db, 'association', {
      name: 'Antenne Expirée',
      approval_level: 'regional',
      approval_number: 'R-1',
      approval_ends_on: '2026-12-02',
    });
    const valid = await createOrgWithUser(t.db, 'association', {
      name: 'Antenne Valide',
      approval_level: 'regional',
      approval_number: 'R-2',
      approval_ends_on: '2026-12-03',
    });
    const c = new Client(built.app);
    await c.signIn(shop.user.email, PASSWORD);
    const page = async (assocId: number) => {
      const d = await createDonation(t.db, { shopId: shop.org.id });
      await markClaimed(t.db, d.id, assocId, '2026-12-03T09:00:00+01:00');
      return (await c.get(`/donations/${d.id}`)).text();
    };
    expect(await page(ended.org.id)).toMatch(
      /id="no-receipt">L’habilitation aide alimentaire de Antenne Expirée n’est pas valide/,
    );
    expect(await page(valid.org.id)).not.toContain('id="no-receipt"');
  });
});
