import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/openapi.js';
import { apiAs, buildApp } from '../helpers/app.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { createOrgWithUser, PASSWORD } from '../helpers/factories.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const doc = openApiDocument as any;

function resolve(schema: any): any {
  if (!schema?.$ref) return schema;
  let node: any = doc;
  for (const part of schema.$ref.replace(/^#\//, '').split('/')) node = node[part];
  return resolve(node);
}

/**
 * The subset of JSON Schema the document uses, strictly: every key of an answer must be
 * documented (an undocumented field fails), types, enums, required keys, items and allOf.
 */
function check(value: unknown, schema: any, path = '$'): string[] {
  schema = resolve(schema);
  if (schema.allOf) {
    const parts = schema.allOf.map(resolve);
    const merged = {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p: any) => p.properties ?? {})),
      required: parts.flatMap((p: any) => p.required ?? []),
    };
    return check(value, merged, path);
  }
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${value} not in enum`];
  const types = [schema.type ?? []].flat();
  if (types.length) {
    const actual =
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'array'
          : Number.isInteger(value)
            ? 'integer'
            : typeof value;
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) return [`${path}: ${actual} is not ${types.join('|')}`];
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    for (const r of schema.required ?? []) if (!(r in value)) errors.push(`${path}.${r} missing`);
    for (const [k, v] of Object.entries(value)) {
      if (!(k in schema.properties)) errors.push(`${path}.${k} is not documented`);
      else errors.push(...check(v, schema.properties[k], `${path}.${k}`));
    }
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => errors.push(...check(v, schema.items, `${path}[${i}]`)));
  if (typeof value === 'string' && schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
    errors.push(`${path}: not a date-time`);
  return errors;
}

const answer = (path: string, method: string, status = '200') =>
  doc.paths[path][method].responses[status].content['application/json'].schema;
const request = (path: string, method: string) =>
  doc.paths[path][method].requestBody.content['application/json'].schema;

const at = (h: number) =>
  new Date(Date.parse('2026-11-27T08:00:00Z') + h * 3_600_000).toISOString();

describe(`OpenAPI of the pickup fields against real answers (${process.env.TEST_DB})`, () => {
  it('the validator fails on what it should (the check can fail)', () => {
    const s = doc.components.schemas.Donation;
    expect(check({ id: 1, surprise: true }, s)).toEqual(['$.surprise is not documented']);
    expect(check({ id: 'x' }, s)).toHaveLength(1);
    expect(check({ reasons: ['smell'] }, s)).toHaveLength(1);
  });

  it('PATCH, a partial pickup with reasons, cold chain and remainder, the remainder and a release', async () => {
    const { app } = buildApp(t.db);
    const shop = await createOrgWithUser(t.db, 'shop', { lat: 45.7676, lng: 6.9 });
    const assoc = await createOrgWithUser(t.db, 'association', {
      lat: 45.77,
      lng: 6.9,
      radius_km: 5,
      storage_chilled: true,
    });
    const shopApi = await apiAs(app, shop.user.email, PASSWORD);
    const assocApi = await apiAs(app, assoc.user.email, PASSWORD);
    const post = {
      category: 'dairy',
      description: 'Yaourts',
      quantityKg: 10,
      storage: 'chilled',
      pickupFrom: at(0),
      pickupUntil: at(4),
      dateKind: 'use_by',
      date: '2026-12-05',
    };
    expect(check(post, request('/donations', 'post'))).toEqual([]);
    const posted = await shopApi.post('/donations', post);
    expect(posted.status).toBe(201);
    expect(check(posted.body, answer('/donations', 'post', '201'))).toEqual([]);
    const id = posted.body.id;

    const change = { ...post, quantityKg: 12 };
    expect(check(change, request('/donations/{id}', 'patch'))).toEqual([]);
    const patched = await shopApi.patch(`/donations/${id}`, change);
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(check(patched.body, answer('/donations/{id}', 'patch'))).toEqual([]);

    const claimed = await assocApi.post(`/donations/${id}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    const code = (await shopApi.get(`/donations/${id}`)).body.handoverCode;
    const pickup = {
      handoverCode: code,
      receivedKg: 8,
      quality: 'acceptable',
      temperatureC: 9,
      temperatureConfirmed: true,
      temperatureReason: 'surface_reading',
      reasons: ['quantity'],
      issues: 'deux cartons abîmés',
      remainder: 'reoffer',
    };
    expect(check(pickup, request('/donations/{id}/pickup', 'post'))).toEqual([]);
    const done = await assocApi.post(`/donations/${id}/pickup`, pickup);
    expect(done.status).toBe(200);
    expect(check(done.body, answer('/donations/{id}/pickup', 'post'))).toEqual([]);
    expect(done.body.remainder).not.toBeNull();

    const taken = await shopApi.get(`/donations/${id}`);
    expect(taken.body.reasons).toEqual(['quantity']);
    expect(check(taken.body, answer('/donations/{id}', 'get'))).toEqual([]);
    const rest = await assocApi.get(`/donations/${done.body.remainder.id}`);
    expect(rest.body.parentId).toBe(id);
    expect(check(rest.body, answer('/donations/{id}', 'get'))).toEqual([]);

    const again = await assocApi.post(`/donations/${rest.body.id}/claim`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const release = { reason: 'no_vehicle' };
    expect(check(release, request('/donations/{id}/claim', 'delete'))).toEqual([]);
    const released = await assocApi.delete(`/donations/${rest.body.id}/claim`, release);
    expect(released.status).toBe(200);
  });
});
