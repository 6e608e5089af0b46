import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createDonation, markPickedUp } from '../helpers/donation-factories.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';
import { strictApp, useNoServerErrors } from '../api/strict-app.js';
import { approvalInForce, type ApprovalRecord } from '../../src/organisations/approvals.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
useNoServerErrors();

describe('the approval in force on a day', () => {
  it('a correction without a first day replaces what came before', () => {
    const wrong: ApprovalRecord = {
      level: 'regional',
      number: 'R-9',
      startsOn: null,
      endsOn: '2028-12-31',
    };
    const right: ApprovalRecord = { ...wrong, endsOn: '2026-02-28' };
    expect(approvalInForce([wrong, right], '2026-03-10')).toBeNull();
    expect(approvalInForce([wrong, right], '2026-02-28')).toBe(right);
    expect(approvalInForce([], '2026-02-28')).toBeNull();
  });

  const r1: ApprovalRecord = {
    level: 'regional',
    number: 'R-1',
    startsOn: null,
    endsOn: '2026-06-30',
  };
  const n2: ApprovalRecord = {
    level: 'national',
    number: 'N-2',
    startsOn: '2026-08-01',
    endsOn: '2029-12-31',
  };
  const law: ApprovalRecord = { level: 'law', number: null, startsOn: '2027-01-01', endsOn: null };
  it.each([
    ['2020-01-01', 'R-1'],
    ['2026-06-30', 'R-1'],
    ['2026-07-01', null],
    ['2026-07-31', null],
    ['2026-08-01', 'N-2'],
    ['2026-12-31', 'N-2'],
    ['2027-01-01', 'law'], // by law from 2027: it governs from then on
    ['2030-01-01', 'law'],
  ])('%s: %s', (day, expected) => {
    const a = approvalInForce([r1, n2, law], day);
    expect(a ? (a.number ?? a.level) : null).toBe(expected);
  });
});

describe('receipts read the approval in force at the pickup, not the current one', () => {
  it('a regional approval ended, a national one from August: July gives no receipt; each receipt names its own', async () => {
    const built = strictApp(t.db);
    built.clock.set('2026-07-15T10:00:00+02:00');
    const shop = await createOrgWithUser(t.db, 'shop', { name: 'Primeur Pasteur' });
    const assoc = await createOrgWithUser(t.db, 'association', {
      rna: 'W691234567',
      approval_level: 'regional',
      approval_number: 'R-1',
      approval_ends_on: '2026-06-30',
      receipt_period: 'quarter',
    });
    for (const day of ['2026-05-10', '2026-07-20', '2026-09-10']) {
      const d = await createDonation(t.db, { shopId: shop.org.id, value_eur: 10 });
      await markPickedUp(t.db, d.id, { associationId: assoc.org.id, at: `${day}T18:00:00+02:00` });
    }
    const a = await apiAs(built.app, assoc.user.email, PASSWORD);
    const backwards = await a.patch(`/organisations/${assoc.org.id}`, {
      approval: { level: 'national', number: 'N-2', startsOn: '2030-01-01', endsOn: '2029-12-31' },
    });
    expect([backwards.status, Object.keys(backwards.body.error.fields)]).toEqual([
      422,
      ['approval.endsOn'],
    ]);
    const renewed = await a.patch(`/organisations/${assoc.org.id}`, {
      approval: { level: 'national', number: 'N-2', startsOn: '2026-08-01', endsOn: '2029-12-31' },
    });
    expect([renewed.status, renewed.body.approval]).toEqual([
      200,
      { level: 'national', number: 'N-2', startsOn: '2026-08-01', endsOn: '2029-12-31' },
    ]);
    const history = await t.db
      .selectFrom('association_approvals')
      .select(['number', 'starts_on', 'ends_on'])
      .where('association_id', '=', assoc.org.id)
      .orderBy('id')
      .execute();
    expect(history).toEqual([
      { number: 'R-1', starts_on: null, ends_on: '2026-06-30' },
      { number: 'N-2', starts_on: '2026-08-01', ends_on: '2029-12-31' },
    ]);
    built.clock.set('2026-12-03T10:00:00+01:00');
    const api = await apiAs(built.app, assoc.user.email, PASSWORD);
    const q2 = await api.post('/receipts', {
      shopId: shop.org.id,
      periodFrom: '2026-04-01',
      periodTo: '2026-06-30',
    });
    expect([q2.status, q2.body.amountEur, q2.body.donee.approval]).toEqual([
      201,
      10,
      { level: 'regional', number: 'R-1', endsOn: '2026-06-30' },
    ]);
    const q3 = await api.post('/receipts', {
      shopId: shop.org.id,
      periodFrom: '2026-07-01',
      periodTo: '2026-09-30',
    });
    // July fell between the two approvals: only September's pickup counts
    expect([q3.status, q3.body.amountEur, q3.body.donee.approval.number]).toEqual([201, 10, 'N-2']);
  });
});
