/**
 * What the route fuzz (no-5xx-fuzz.test.ts) sends: hostile values, by what a field holds, and the
 * valid values around them, so that one hostile field at a time goes as deep as it can.
 */

export const MEGA = 'x'.repeat(1_000_000);
/** Sent in every field, whatever it holds. */
export const ANY = ['1e-300', '2026-02-30', 'a\u0000b', MEGA];
/** And by what the field holds (its OpenAPI type, or for a form its name). */
export const BY_KIND = {
  number: ['1e308', '-1e308', 'NaN', '-0', '2147483647', '2147483648', '-2147483649'],
  date: ['0000-00-00', '99999-01-01', '2026-13-01T25:61:00+01:00'],
  text: ['\u0001\u001b\u007f\r\n', '/\r\nSet-Cookie: x=1', '\u202eevil.exe 🥖😀'],
};
/** In JSON, numbers as numbers and values of the wrong type. */
export const JSON_ANY: unknown[] = [null, [], {}, [1e-300]];
export const JSON_BY_KIND: Record<Kind, unknown[]> = {
  number: [1e308, -1e308, 1e-300, -0, 2147483648, -2147483649, '5'],
  date: [20261127],
  text: [42, true],
};
export type Kind = keyof typeof BY_KIND;
export const TEXTS = [...ANY, ...Object.values(BY_KIND).flat()];
export const kindOfName = (name: string): Kind =>
  /kg|eur|lat$|lng$|radius|temperature|units|capacity|co2e|value|year|campaign|organisationId|associationId|shop$|association$/i.test(
    name,
  )
    ? 'number'
    : /date|from|until|to$|month|validFrom/i.test(name)
      ? 'date'
      : 'text';
export const kindOfSchema = (s: any, name: string): Kind =>
  s?.type === 'number' || s?.type === 'integer'
    ? 'number'
    : s?.format === 'date' || s?.format === 'date-time'
      ? 'date'
      : s?.type === 'string'
        ? 'text'
        : kindOfName(name);
export const valuesFor = (api: boolean, kind: Kind) =>
  api ? [...ANY, ...BY_KIND[kind], ...JSON_ANY, ...JSON_BY_KIND[kind]] : [...ANY, ...BY_KIND[kind]];
export const IDS = [
  '2147483647',
  '2147483648',
  '-2147483649',
  '0',
  '1e3',
  '0x10',
  '%00',
  '%E2%80%AE',
  '9'.repeat(400),
];

/** Query keys some route reads, sent all at once to every route. */
export const QUERY_KEYS = [
  'period',
  'from',
  'to',
  'year',
  'month',
  'shop',
  'association',
  'organisationId',
  'category',
  'series',
  'campaign',
  'table',
  'format',
  'limit',
  'lang',
  'next',
  'test',
  'q',
  'lastEventId',
];

/** Values that pass validation, by field name, so that one hostile field goes deep. */
export const validJson = (path: string, field: string, associationId: number): unknown => {
  const org = path.includes('/organisations');
  const v: Record<string, unknown> = {
    category: 'bakery',
    description: 'Pains',
    quantityKg: 5,
    units: 3,
    storage: org ? { chilled: true, frozen: false } : 'ambient',
    pickupFrom: '2026-11-27T10:00:00+01:00',
    pickupUntil: '2026-11-27T12:00:00+01:00',
    dateKind: 'best_before',
    date: path.includes('withdrawals') ? '2026-11-20' : '2026-12-31',
    notifiedAt: '2026-11-18T09:00:00+01:00', // the notice to FranceAgriMer a withdrawal needs
    packaged: true,
    sameDay: false,
    valueEur: 10,
    receivedKg: 4,
    quality: 'good',
    temperatureC: 4,
    issues: 'Rien',
    email: `fuzz-${Math.random().toString(36).slice(2)}@example.org`,
    password: 'a very long fuzzing passphrase 42',
    role: 'member',
    kind: 'shop',
    name: 'Fuzz',
    address: '1 rue de la Fuzz',
    lat: 45.76,
    lng: 4.83,
    approved: true,
    radiusKm: 5,
    acceptedCategories: ['bakery'],
    minKg: 1,
    maxKg: 100,
    product: 'carrots',
    eurPer100Kg: 12,
    validFrom: '2027-01-01',
    source: 'fuzz',
    transportEurPer100Kg: 1,
    sortingPackingEurPer100Kg: 1,
    marketedKg: 100000,
    associationId,
    certificateNumber: 'RC-1',
    acceptOverCeiling: false,
    reason: 'non',
    endpoint: 'https://push.example.org/fuzz',
    keys: {
      p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQ',
      auth: 'tBHItJI5svbpez7KI4CCXg',
    },
  };
  return v[field];
};
/** Valid values for the form fields that have none in JSON, or another form there. */
export const validForm: Record<string, string> = {
  description: 'Pains',
  pickupDate: '2026-11-27',
  pickupFromTime: '10:00',
  pickupUntilTime: '12:00',
  action: 'Vitrine réglée à 4 °C',
  yourName: 'Fuzz',
  orgName: 'Fuzz',
  passwordConfirm: 'a very long fuzzing passphrase 42',
  password: 'a very long fuzzing passphrase 42',
  towns: 'Lyon',
  next: '/',
};

/** A valid JSON value as a form sends it. */
export const asForm = (path: string, k: string, associationId: number) => {
  const v = [validJson(path, k, associationId)].flat()[0];
  return v == null || typeof v === 'object' ? '' : v === true ? 'on' : String(v);
};
