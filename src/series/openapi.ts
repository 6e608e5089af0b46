import { CATEGORIES } from '../shared/categories.js';
import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';
import { qualityMarks } from '../donations/openapi.js';

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const time = {
  type: 'string',
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
  description: 'HH:MM, Paris',
};

const fields = {
  category: { enum: [...CATEGORIES] },
  description: { type: 'string', maxLength: 300 },
  quantityKg: { type: 'number', minimum: 0.01 },
  units: { type: ['integer', 'null'] },
  storage: { enum: ['ambient', 'chilled', 'frozen'] },
  weekdays: {
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 7 },
    minItems: 1,
    description: 'ISO weekdays: 1 = Monday ... 7 = Sunday',
  },
  pickupFromTime: time,
  pickupUntilTime: { ...time, description: 'HH:MM, Paris, after pickupFromTime (no midnight)' },
  startsOn: { type: 'string', format: 'date' },
  endsOn: { type: ['string', 'null'], format: 'date' },
  dateKind: { enum: ['use_by', 'best_before', null] },
  dateOffsetDays: {
    type: ['integer', 'null'],
    description: "with dateKind: the product's date as days after each pickup day",
  },
  packaged: { type: 'boolean' },
  valueEur: { type: ['number', 'null'] },
  leadMinutes: {
    type: 'integer',
    minimum: 0,
    maximum: 8640,
    description: 'each occurrence is posted this long before its window opens (default 360)',
  },
  associationId: {
    type: ['integer', 'null'],
    description:
      'a standing arrangement offered first to that (approved) association, which a manager of it accepts (POST /arrangements/{id}/acceptance); PATCH null ends it',
  },
  confirmHoursBefore: {
    type: 'integer',
    minimum: 1,
    maximum: 168,
    description: 'with associationId: until how many hours before each window it confirms (24)',
  },
  // the quality marks every occurrence is posted with (a PATCH without them keeps them)
  ...qualityMarks,
};

const arrangement = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    seriesId: { type: 'integer' },
    shopId: { type: 'integer' },
    shopName: { type: 'string' },
    associationId: { type: 'integer' },
    associationName: { type: 'string' },
    status: { enum: ['proposed', 'active', 'ended'] },
    confirmHoursBefore: { type: 'number' },
    proposedAt: { type: 'string', format: 'date-time' },
    acceptedAt: { type: ['string', 'null'], format: 'date-time' },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    endedBy: {
      type: ['object', 'null'],
      properties: { organisationId: { type: 'integer' }, userId: { type: ['integer', 'null'] } },
    },
    endReason: { type: ['string', 'null'] },
    offers: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          day: { type: 'string', format: 'date' },
          status: { enum: ['pending', 'confirmed', 'declined', 'expired', 'withdrawn'] },
          deadline: { type: 'string', format: 'date-time' },
          donationId: { type: ['integer', 'null'] },
        },
      },
    },
  },
};

const series = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    shopId: { type: 'integer' },
    ...fields,
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

/** Regular donations: each date becomes an ordinary donation with `seriesId`, made by a job. */
export const seriesOpenApi: OpenApiPart = {
  schemas: { DonationSeries: series, Arrangement: arrangement },
  paths: {
    '/donation-series': {
      post: {
        summary: 'Set up a regular donation (shop member)',
        requestBody: json({
          type: 'object',
          required: [
            'category',
            'description',
            'quantityKg',
            'storage',
            'weekdays',
            'pickupFromTime',
            'pickupUntilTime',
            'startsOn',
          ],
          properties: fields,
        }),
        responses: {
          '201': {
            description: 'the series',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/DonationSeries' } },
            },
          },
          '422': err('invalid_input: the fields, and the posting rules checked on its first date'),
        },
      },
      get: {
        summary: "The shop's regular donations, the running ones first",
        responses: { '200': { description: '{items: DonationSeries[]}' } },
      },
    },
    '/donation-series/{id}': {
      patch: {
        parameters: id,
        summary:
          'Change a series: the dates to come, and the posted ones nobody claimed whose window has not opened; claimed ones never move',
        requestBody: json({ type: 'object', properties: fields }),
        responses: {
          '200': { description: 'the series' },
          '404': err('not_found'),
          '409': err('series_ended'),
          '422': err('invalid_input'),
        },
      },
      delete: {
        parameters: id,
        summary:
          'End a series: no more dates; posted unclaimed ones withdrawn; claimed ones and the history kept',
        responses: { '204': { description: 'ended' }, '404': err('not_found') },
      },
    },
    '/donation-series/{id}/skips': {
      post: {
        parameters: id,
        summary: 'That date makes no donation (a posted, unclaimed one is withdrawn)',
        requestBody: json({
          type: 'object',
          required: ['date'],
          properties: { date: { type: 'string', format: 'date' } },
        }),
        responses: {
          '201': { description: '{seriesId, date, cancelledDonationIds}' },
          '409': err('occurrence_claimed'),
          '422': err('invalid_input: past, or not a date of the series'),
        },
      },
    },
    '/shop-closures': {
      post: {
        summary:
          'Holidays: every series of the shop skips these dates; posted unclaimed ones in the range are withdrawn',
        requestBody: json({
          type: 'object',
          required: ['startsOn', 'endsOn'],
          properties: {
            startsOn: { type: 'string', format: 'date' },
            endsOn: { type: 'string', format: 'date' },
          },
        }),
        responses: {
          '201': { description: '{id, startsOn, endsOn, cancelledDonationIds, claimed}' },
          '422': err('invalid_input'),
        },
      },
      get: {
        summary: "The shop's closures not ended yet",
        responses: { '200': { description: '{items: [{id, startsOn, endsOn}]}' } },
      },
    },
    '/arrangements': {
      get: {
        summary:
          "The caller's organisation's standing arrangements (a shop's or an association's), live ones first, with the dates offered from today",
        responses: { '200': { description: '{items: Arrangement[]}' } },
      },
    },
    '/arrangements/{id}/acceptance': {
      post: {
        parameters: id,
        summary: 'A manager of the association accepts the proposal',
        responses: {
          '200': { description: 'the arrangement, active' },
          '403': err('forbidden: managers only'),
          '404': err('not_found'),
          '409': err('arrangement_closed'),
        },
      },
    },
    '/arrangements/{id}/end': {
      post: {
        parameters: id,
        summary:
          'Either side ends it (a shop member, or a manager of the association), saying why; dates not answered yet go to the usual waves at their lead time',
        requestBody: json({
          type: 'object',
          required: ['reason'],
          properties: { reason: { type: 'string', maxLength: 300 } },
        }),
        responses: {
          '200': { description: 'the arrangement, ended' },
          '404': err('not_found'),
          '409': err('arrangement_closed'),
        },
      },
    },
    '/arrangements/{id}/decisions': {
      post: {
        parameters: id,
        summary:
          'A member of the association confirms (claims) or declines (to the waves at once) dates: `days`, or every pending date of the week starting on `weekOf`',
        requestBody: json({
          type: 'object',
          required: ['decision'],
          properties: {
            decision: { enum: ['confirm', 'decline'] },
            days: { type: 'array', items: { type: 'string', format: 'date' }, maxItems: 31 },
            weekOf: { type: 'string', format: 'date' },
          },
        }),
        responses: {
          '200': {
            description:
              '{items: [{day, status: confirmed | declined | failed, donationId, error}]}',
          },
          '404': err('not_found'),
          '409': err('offer_closed: the arrangement is not running'),
          '422': err('invalid_input'),
        },
      },
    },
    '/shop-closures/{id}': {
      delete: { parameters: id, summary: 'Reopen', responses: { '204': { description: 'gone' } } },
    },
  },
};
