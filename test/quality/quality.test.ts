import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, type buildApp } from '../helpers/app.js';
import type { TestDatabase } from '../helpers/db.js';
import { createOrgWithUser } from '../helpers/factories.js';
import { dataSetApp, type seedDataSet } from '../stats/data-set.js';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof seedDataSet>>;
let app: ReturnType<typeof buildApp>['app'];
beforeAll(async () => {
  ({ t, s, app } = await dataSetApp());
});
afterAll(async () => t?.close());

const as = (email: string) => signedIn(app, email);
const NOV = 'period=month&month=2026-11';

describe('what counts as a defect', () => {
  it.each([
    ['picked_up', 'good', null, null, 'ambient', 'bakery', false],
    ['picked_up', 'acceptable', null, null, 'ambient', 'bakery', false],
    ['picked_up', 'poor', null, null, 'ambient', 'bakery', true],
    ['refused', 'refused', null, null, 'ambient', 'bakery', true],
    ['refused', null, null, null, 'ambient', 'bakery', true],
    ['picked_up', 'good', null, 'Emballage abîmé', 'ambient', 'bakery', true],
    ['picked_up', 'good', null, '   ', 'ambient', 'bakery', false],
    ['picked_up', 'good', 30, null, 'ambient', 'bakery', false],
    ['picked_up', 'good', 8, null, 'chilled', 'dairy', false],
    ['picked_up', 'good', 8.1, null, 'chilled', 'dairy', true],
    ['picked_up', 'good', 4, null, 'chilled', 'meat_fish', false],
    ['picked_up', 'good', 4.5, null, 'chilled', 'meat_fish', true],
    ['picked_up', 'good', 3, null, 'chilled', 'prepared_meals', false],
    ['picked_up', 'good', 3.5, null, 'chilled', 'prepared_meals', true],
    ['picked_up', 'good', -18, null, 'frozen', 'frozen', false],
    ['picked_up', 'good', -17.5, null, 'frozen', 'frozen', true],
    ['expired', null, null, 'x', 'ambient', 'bakery', false],
  ] as const)(
    '%s %s at %s °C, issues %s, %s %s: %s',
    async (status, quality, temp, issues, storage, category, defect) => {
      const { rows } = await sql<{
        d: boolean;
      }>`select stats_is_defect(${status}, ${quality}, ${temp}::numeric, ${issues}, ${storage}, ${category}) as d`.execute(
        t.db,
      );
      expect(rows[0].d).toBe(defect);
    },
  );
});

describe('quality loop', () => {
  it('shows the shop its defects with the reasons, and the association those of its pickups', async () => {
    const a = await (await (await as(s.A.user.email)).get(`/quality?${NOV}&lang=en`)).text();
    expect(a).toContain(`id="defect-${s.d[1].id}"`);
    expect(a).toContain('9 °C above 8 °C');
    expect(a).toContain(`id="defect-${s.d[3].id}"`);
    expect(a).toContain('quality “Refused”');
    expect(a).not.toContain(`id="defect-${s.d[4].id}"`); // shop B's
    expect(a).not.toContain('Primeur B');
    const y = await (await (await as(s.Y.user.email)).get(`/quality?${NOV}&lang=en`)).text();
    expect(y).toContain(`id="defect-${s.d[3].id}"`);
    expect(y).toContain(`id="defect-${s.d[4].id}"`);
    expect(y).not.toContain(`id="defect-${s.d[1].id}"`);
    expect(y).not.toContain('name="action"'); // the association reads, the shop acts
    const csv = await (await (await as(s.A.user.email)).get(`/quality.csv?lang=en&${NOV}`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith(`${s.d[1].id},`))).toBe(
      `${s.d[1].id},2026-11-03,Boulangerie A,Épicerie X,dairy,Pains et viennoiseries,chilled,acceptable,9,8,,temperature,,,0,`, // no reason codes, no cold-chain reason
    );
    expect(csv).not.toContain('Primeur B');
  });

  it('lets the shop record a corrective action that both sides and the dashboard then see', async () => {
    const a = await as(s.A.user.email);
    const empty = await a.post(`/quality/${s.d[1].id}/actions`, { action: ' ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Décrivez l’action');
    const frag = await a.post(
      `/quality/${s.d[1].id}/actions`,
      { action: 'Thermomètre du meuble froid remplacé' },
      { 'hx-request': 'true' },
    );
    expect(frag.status).toBe(200);
    const html = await frag.text();
    expect(html.startsWith(`<li id="defect-${s.d[1].id}"`)).toBe(true);
    expect(html).toContain('Thermomètre du meuble froid remplacé');
    const x = await (await (await as(s.X.user.email)).get(`/quality?${NOV}`)).text();
    expect(x).toContain('Thermomètre du meuble froid remplacé');
    const csv = await (await a.get(`/dashboard.csv?table=shops&lang=en&${NOV}`)).text();
    expect(csv).toContain(`1,${s.A.org.id},Boulangerie A,Lyon,5,30,2,13,2,0.667,1`);
  });

  it('refuses an action on another shop’s donation, by an association, or on a good pickup', async () => {
    const a = await as(s.A.user.email);
    expect((await a.post(`/quality/${s.d[4].id}/actions`, { action: 'Pas à moi' })).status).toBe(
      404,
    );
    expect(
      (await a.post(`/quality/${s.d[0].id}/actions`, { action: 'Rien à suivre' })).status,
    ).toBe(404);
    expect((await a.post(`/quality/abc/actions`, { action: 'Rien' })).status).toBe(404);
    const y = await as(s.Y.user.email);
    expect(
      (await y.post(`/quality/${s.d[3].id}/actions`, { action: 'Pas au commerce' })).status,
    ).toBe(404);
    const n = await t.db
      .selectFrom('quality_actions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});

describe('traceability record', () => {
  it('is shown to the shop, the association that took it and the admin only', async () => {
    const path = `/donations/${s.d[1].id}/record?lang=en`;
    for (const who of [s.A.user.email, s.X.user.email, s.admin.email]) {
      const res = await (await as(who)).get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('Traceability record');
      expect(html).toContain('Boulangerie A');
      expect(html).toContain('Épicerie X');
      expect(html).toContain('9 °C (max 8 °C)');
      expect(html).toContain('Use-by date 6 November 2026');
      expect(html).toContain('4 kg');
    }
    for (const who of [s.B.user.email, s.Y.user.email, s.T.user.email])
      expect((await (await as(who)).get(path)).status).toBe(404);
    const other = await createOrgWithUser(t.db, 'shop');
    expect((await (await as(other.user.email)).get(path)).status).toBe(404);
    expect((await (await as(s.A.user.email)).get(`/donations/${s.d[7].id}/record`)).status).toBe(
      404,
    ); // still open
  });
});
