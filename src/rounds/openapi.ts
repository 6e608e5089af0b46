import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const one = { 'application/json': { schema: { $ref: '#/components/schemas/Round' } } };
const lost = {
  type: 'array',
  description: 'the donations asked for that the round did not get, and why',
  items: {
    type: 'object',
    properties: {
      donationId: { type: 'integer' },
      code: { type: 'string', description: "the single claim's refusal: not_available, ..." },
      message: { type: 'string' },
    },
  },
};

const round = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    associationId: { type: 'integer' },
    partnerId: { type: ['integer', 'null'], description: 'the association sharing the car' },
    partnerAccepted: {
      type: 'boolean',
      description: 'a member of the partner accepted (the split waits for it)',
    },
    createdAt: { type: 'string', format: 'date-time' },
    start: {
      type: 'object',
      properties: { lat: { type: 'number' }, lng: { type: 'number' } },
    },
    stops: {
      type: 'array',
      maxItems: 7,
      items: {
        type: 'object',
        properties: {
          position: { type: 'integer', minimum: 1, maximum: 7 },
          donationId: { type: 'integer' },
          status: {
            enum: ['claimed', 'picked_up', 'refused', 'missed', 'released'],
            description: 'released: given back (the round no longer holds it)',
          },
          plannedAt: { type: 'string', format: 'date-time' },
          late: { type: 'boolean', description: 'the window is missed in this order' },
          moved: { type: 'boolean', description: 'taken before a nearer stop to keep its window' },
          pickupFrom: { type: 'string', format: 'date-time' },
          pickupUntil: { type: 'string', format: 'date-time' },
          description: { type: 'string' },
          quantityKg: { type: 'number' },
          receivedKg: { type: ['number', 'null'] },
          lat: { type: 'number' },
          lng: { type: 'number' },
          shop: { type: 'object' },
        },
      },
    },
    mapsUrl: {
      type: ['string', 'null'],
      description: 'Google Maps directions through the stops still to visit, as waypoints',
    },
    receivedKg: { type: 'number' },
    shares: {
      type: 'array',
      items: {
        type: 'object',
        properties: { associationId: { type: 'integer' }, kg: { type: 'number' } },
      },
    },
  },
};

/** Rounds: several donations claimed for one trip, ordered, shared with a second association. */
export const roundsOpenApi: OpenApiPart = {
  schemas: { Round: round },
  paths: {
    '/rounds': {
      post: {
        summary:
          'Claim up to 7 donations as one round (each through the single claim; the round keeps those won)',
        requestBody: json({
          type: 'object',
          required: ['donationIds'],
          properties: {
            donationIds: {
              type: 'array',
              items: { type: 'integer' },
              minItems: 1,
              maxItems: 7,
              uniqueItems: true,
            },
            start: {
              type: ['object', 'null'],
              description: "the driver's position; absent: the association's place",
              properties: { lat: { type: 'number' }, lng: { type: 'number' } },
            },
          },
        }),
        responses: {
          '201': {
            description: 'the round, with `lost`',
            content: {
              'application/json': {
                schema: {
                  allOf: [{ $ref: '#/components/schemas/Round' }, { properties: { lost } }],
                },
              },
            },
          },
          '403': err('association_only / not_approved'),
          '409': err('round_empty: none could be claimed (error.lost says why)'),
          '422': err('invalid_input: no donation, more than 7, an id twice'),
        },
      },
      get: {
        summary: "The caller's rounds (its association's or shared with it), newest first",
        responses: { '200': { description: '{ items: [{ id, createdAt, stops }] }' } },
      },
    },
    '/rounds/{id}': {
      get: {
        summary: 'A round, for its association and its partner',
        parameters: id,
        responses: { '200': { description: 'the round', content: one }, '404': err('not_found') },
      },
    },
    '/rounds/{id}/partner': {
      post: {
        summary: 'Share the round with another approved association (null: nobody)',
        parameters: id,
        requestBody: json({
          type: 'object',
          required: ['associationId'],
          properties: { associationId: { type: ['integer', 'null'] } },
        }),
        responses: {
          '200': { description: 'the round', content: one },
          '404': err('not_found: not a round of the caller’s association'),
          '409': err('round_split: the split is recorded'),
          '422': err('invalid_input: not an approved association'),
        },
      },
    },
    '/rounds/{id}/answer': {
      post: {
        summary: 'The partner accepts the shared round (true), or declines or leaves it (false)',
        parameters: id,
        requestBody: json({
          type: 'object',
          required: ['accept'],
          properties: { accept: { type: 'boolean' } },
        }),
        responses: {
          '200': { description: 'the round (accepted)', content: one },
          '204': { description: 'declined or left: the round is no longer shared with it' },
          '404': err('not_found: not a round shared with the caller’s association'),
        },
      },
    },
    '/rounds/{id}/split': {
      post: {
        summary: 'At the end: the kg received that go to the partner (the rest stays the owner’s)',
        parameters: id,
        requestBody: json({
          type: 'object',
          required: ['partnerKg'],
          properties: { partnerKg: { type: 'number', minimum: 0 } },
        }),
        responses: {
          '200': { description: 'the round with its shares', content: one },
          '404': err('not_found'),
          '409': err(
            'round_not_shared / round_partner_pending (the partner has not accepted) / round_not_finished (a stop still to confirm)',
          ),
          '422': err('invalid_input: more than was received'),
        },
      },
    },
  },
};
