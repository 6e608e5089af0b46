import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, buildApp, signedIn, type Client } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, createUser, PASSWORD } from '../helpers/factories.js';

// Issue #19: a territory writes to the organisations of its area through the one outbox.
let t: TestDatabase;
let built: ReturnType<typeof buildApp>;
let s: Awaited<ReturnType<typeof seed>>;
let T: Client;

async function seed() {
  const db = t.db;
  const territory = await createOrgWithUser(db, 'territory', {
    name: 'PAT de Lyon',
    area_towns: JSON.stringify(['Lyon']) as any,
  });
  const shop = await createOrgWithUser(db, 'shop', { town: 'Lyon', name: 'Boulangerie' });
  const shopMember = await createUser(db, { organisationId: shop.org.id, role: 'member' });
  const assoc = await createOrgWithUser(db, 'association', { town: 'Lyon', name: 'Épicerie' });
  const pending = await createOrgWithUser(db, 'association', {
    town: 'Lyon',
    approved: false,
    name: 'Pas encore habilitée',
  });
  const far = await createOrgWithUser(db, 'shop', { town: 'Villeurbanne', name: 'Loin' });
  const otherTerritory = await createOrgWithUser(db, 'territory', {
    area_towns: JSON.stringify(['Villeurbanne']) as any,
  });
  return { territory, shop, shopMember, assoc, pending, far, otherTerritory };
}

beforeAll(async () => {
  t = await openTestDatabase();
  s = await seed();
  built = buildApp(t.db);
  built.clock.set('2026-12-03T09:00:00+01:00');
  T = await signedIn(built.app, s.territory.user.email);
});
afterAll(async () => t?.close());

const outbox = (newsId: number) =>
  t.db
    .selectFrom('push_deliveries')
    .select(['user_id', 'channel', 'address'])
    .where('message_key', '=', `territory_news:${newsId}`)
    .orderBy('user_id')
    .execute();
const lastNews = () =>
  t.db.selectFrom('territory_news').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
const newsCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('territory_news')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("a territory's news to its area", () => {
  it('reaches the members of its shops and approved associations, on their channels', async () => {
    const res = await T.post('/territory/news', {
      title: 'Réunion du PAT',
      body: 'Bonjour à tous,\n\nRéunion mardi 8 décembre à 18 h.\nSalle des fêtes.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/territory/news?sent=3');
    const news = await lastNews();
    expect(news).toMatchObject({ title: 'Réunion du PAT', recipients: 3 });
    const orgs = await t.db
      .selectFrom('territory_news_organisations')
      .select('organisation_id')
      .where('news_id', '=', news.id)
      .orderBy('organisation_id')
      .execute();
    expect(orgs.map((o) => o.organisation_id)).toEqual([s.shop.org.id, s.assoc.org.id]);
    // the default: an e-mail to managers, nothing to members (they read it on their home page)
    expect(await outbox(news.id)).toEqual(
      [s.shop.user, s.assoc.user]
        .map((u) => ({ user_id: u.id, channel: 'email', address: u.email }))
        .sort((a, b) => a.user_id - b.user_id),
    );
    const page = await (await T.get('/territory/news?sent=3')).text();
    expect(page).toContain('Envoyé : 3 personnes prévenues.');
    expect(page).toMatch(/id="news-\d+">.*?Réunion du PAT.*?2 structures, 3 personnes/s);
    expect(page).toContain('Réunion mardi 8 décembre à 18 h.<br/>Salle des fêtes.');
  });

  it('follows each member’s choice for the kind territory_news (choices API)', async () => {
    const api = await apiAs(built.app, s.shopMember.email, PASSWORD);
    const choices = await api.get('/me/notifications');
    expect(choices.body.kinds.territory_news).toEqual([]); // off for a member by default
    expect(
      (await api.call('PUT', '/me/notifications', { kinds: { territory_news: ['email'] } })).status,
    ).toBe(200);
    const mgr = await apiAs(built.app, s.assoc.user.email, PASSWORD);
    await mgr.call('PUT', '/me/notifications', { kinds: { territory_news: [] } });
    built.clock.set('2026-12-03T10:00:00+01:00');
    expect((await T.post('/territory/news', { title: 'Collecte', body: 'Samedi.' })).status).toBe(
      303,
    );
    const got = (await outbox((await lastNews()).id)).map((r) => r.user_id);
    expect(got).toEqual([s.shop.user.id, s.shopMember.id].sort((a, b) => a - b));
  });

  it('shows it on the home page of the organisations it was sent to, not elsewhere', async () => {
    const member = await signedIn(built.app, s.shopMember.email);
    const home = await (await member.get('/')).text();
    expect(home).toMatch(/id="territory-news".*?Collecte.*?Réunion du PAT/s);
    expect(home).toContain('PAT de Lyon');
    const far = await signedIn(built.app, s.far.user.email);
    expect(await (await far.get('/')).text()).not.toContain('Réunion du PAT');
    const pending = await signedIn(built.app, s.pending.user.email);
    expect(await (await pending.get('/')).text()).not.toContain('Réunion du PAT');
    // the territory's home links its news and coverage, with what it sent
    const own = await (await T.get('/')).text();
    expect(own).toMatch(/id="territory-coordination".*?href="\/territory\/coverage".*?Collecte/s);
  });

  it('sends at most 3 a Paris day: the fourth is refused beside the form, tomorrow it goes', async () => {
    expect(await newsCount()).toBe(2);
    expect(
      (await T.post('/territory/news', { title: 'Trois', body: 'Le troisième.' })).status,
    ).toBe(303);
    const before = await newsCount();
    const refused = await T.post('/territory/news', { title: 'Quatre', body: 'De trop.' });
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain('Vous avez déjà envoyé 3 nouvelles aujourd’hui.');
    expect(html).toContain('value="Quatre"');
    expect(html).toContain('Encore 0 envoi possible aujourd’hui.');
    expect(await newsCount()).toBe(before);
    // another territory has its own count
    const other = await signedIn(built.app, s.otherTerritory.user.email);
    expect((await other.post('/territory/news', { title: 'Ailleurs', body: 'Ok.' })).status).toBe(
      303,
    );
    built.clock.set('2026-12-04T00:05:00+01:00'); // just past midnight in Paris
    expect(
      (await T.post('/territory/news', { title: 'Quatre', body: 'Le lendemain.' })).status,
    ).toBe(303);
  });

  it.each([
    [{ title: 'x'.repeat(121), body: 'Texte' }, 'title', 'C’est trop long.'],
    [{ title: '   ', body: 'Texte' }, 'title', 'Ce champ est obligatoire.'],
    [{ title: 'Titre', body: 'y'.repeat(2001) }, 'body', 'C’est trop long.'],
    [{ title: 'Titre', body: '' }, 'body', 'Ce champ est obligatoire.'],
    [
      { title: 'Ti\u0007tre', body: 'Texte' },
      'title',
      'Ce texte contient un caractère non autorisé.',
    ],
  ])('refuses %j beside the field, sending nothing', async (form, field, message) => {
    const before = await newsCount();
    const res = await T.post('/territory/news', form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`id="f-${field}-err">${message}`);
    expect(await newsCount()).toBe(before);
  });

  it('is for territories only', async () => {
    const shop = await signedIn(built.app, s.shop.user.email);
    expect((await shop.get('/territory/news')).status).toBe(403);
    expect((await shop.post('/territory/news', { title: 'Moi', body: 'Aussi' })).status).toBe(403);
    expect((await shop.get('/territory/coverage')).status).toBe(403);
  });
});

describe('the same through the API', () => {
  it('sends, lists and bounds news as the page does', async () => {
    const own = await createOrgWithUser(t.db, 'territory', {
      area_towns: JSON.stringify(['Lyon']) as any,
    });
    const api = await apiAs(built.app, own.user.email, PASSWORD);
    const sent = await api.post('/territory/news', { title: 'Par l’API', body: 'Bonjour.' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ title: 'Par l’API', organisations: 2, recipients: 3 });
    const list = await api.get('/territory/news');
    expect(list.body.items.map((n: { title: string }) => n.title)).toEqual(['Par l’API']);
    expect(list.body.leftToday).toBe(2);
    const bad = await api.post('/territory/news', { title: '', body: 'x'.repeat(2001) });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['body', 'title']);
    expect((await api.post('/territory/news', { title: 'a', body: 'b', extra: 1 })).status).toBe(
      422,
    );
    await api.post('/territory/news', { title: 'Deux', body: 'b' });
    await api.post('/territory/news', { title: 'Trois', body: 'b' });
    const quota = await api.post('/territory/news', { title: 'Quatre', body: 'b' });
    expect(quota.status).toBe(429);
    expect(quota.body.error.code).toBe('news_quota');
    expect(Number(quota.headers.get('retry-after'))).toBeGreaterThan(0);
    const shopApi = await apiAs(built.app, s.shop.user.email, PASSWORD);
    expect((await shopApi.post('/territory/news', { title: 'a', body: 'b' })).status).toBe(403);
    expect((await shopApi.get('/territory/coverage')).status).toBe(403);
  });
});

describe('a producer organisation of the area', () => {
  it('chooses its channel for the territory’s news, as shops and associations do', async () => {
    const po = await createOrgWithUser(t.db, 'producer_org', { town: 'Lyon' });
    const api = await apiAs(built.app, po.user.email, PASSWORD);
    const choices = await api.get('/me/notifications');
    expect(choices.body.kinds).toEqual({ territory_news: ['email'] }); // a manager: by e-mail
    expect(
      (await api.call('PUT', '/me/notifications', { kinds: { territory_news: [] } })).status,
    ).toBe(200);
    const page = await (await signedIn(built.app, po.user.email)).get('/account/notifications');
    expect(await page.text()).toContain('Les nouvelles de votre territoire');
    built.clock.set('2026-12-05T10:00:00+01:00');
    expect((await T.post('/territory/news', { title: 'Marché', body: 'Mardi.' })).status).toBe(303);
    const got = (await outbox((await lastNews()).id)).map((r) => r.user_id);
    expect(got).not.toContain(po.user.id);
  });
});
