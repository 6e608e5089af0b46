import { CATEGORIES } from '../shared/categories.js';
import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const one = { 'application/json': { schema: { $ref: '#/components/schemas/Convention' } } };
const reason = (required: boolean) =>
  json({
    type: 'object',
    required: required ? ['reason'] : [],
    properties: { reason: { type: required ? 'string' : ['string', 'null'], maxLength: 300 } },
  });

const proposal = {
  shopId: { type: 'integer' },
  associationId: { type: 'integer' },
  categories: { type: 'array', items: { enum: [...CATEGORIES] }, minItems: 1 },
  pickupArrangements: { type: 'string', minLength: 3, maxLength: 1000 },
  qualityContact: { type: ['string', 'null'], maxLength: 300 },
  startsOn: { type: 'string', format: 'date' },
  endsOn: { type: ['string', 'null'], format: 'date', description: 'after startsOn; null: no end' },
};

const convention = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    ...proposal,
    status: { enum: ['pending', 'active', 'declined', 'withdrawn', 'ended', 'lapsed'] },
    proposedBySide: { enum: ['shop', 'association'] },
    proposedBy: { type: ['integer', 'null'], description: 'user id' },
    proposedAt: { type: 'string', format: 'date-time' },
    shop: {
      type: 'object',
      description: "the shop's identity as agreed (SIRET, SIREN, legal form)",
    },
    association: {
      type: 'object',
      description: "the association's identity and approval as agreed",
    },
    series: { type: 'array', description: "the shop's regular donations for the association" },
    answeredBy: { type: ['integer', 'null'] },
    answeredAt: { type: ['string', 'null'], format: 'date-time' },
    declineReason: { type: ['string', 'null'] },
    endedBy: { type: ['integer', 'null'] },
    endedAt: { type: ['string', 'null'], format: 'date-time' },
    endReason: { type: ['string', 'null'] },
  },
};

/** Donation agreements (L.541-15-6): proposed by a manager of one side, answered by the other. */
export const conventionsOpenApi: OpenApiPart = {
  schemas: { Convention: convention },
  paths: {
    '/conventions': {
      post: {
        summary: 'Propose a donation agreement (a manager of the shop or of the association)',
        requestBody: json({
          type: 'object',
          required: ['shopId', 'associationId', 'categories', 'pickupArrangements', 'startsOn'],
          properties: proposal,
        }),
        responses: {
          '201': { description: 'the agreement, pending', content: one },
          '403': err('forbidden: the caller manages neither side'),
          '409': err('convention_exists: the pair has one pending or in force'),
          '422': err('invalid_input: values, or the other side is not a partner or not approved'),
        },
      },
      get: {
        summary: 'The agreements of the organisations the caller manages',
        responses: { '200': { description: '{items: Convention[]}' } },
      },
    },
    '/conventions/missing': {
      get: {
        summary:
          'A shop under the legal duty (over 400 m²): its associations of the last 12 months without an agreement in force',
        responses: {
          '200': {
            description:
              '{underLegalDuty, items: [{associationId, name, lastPickupAt, pendingId}]}',
          },
          '403': err('forbidden'),
        },
      },
    },
    '/conventions/{id}': {
      get: {
        parameters: id,
        summary: 'An agreement (managers of both sides, the admin)',
        responses: {
          '200': { description: 'the agreement', content: one },
          '403': err('forbidden: a member who is not a manager'),
          '404': err('not_found'),
        },
      },
    },
    '/conventions/{id}/pdf': {
      get: {
        parameters: id,
        summary: 'The agreement as a PDF',
        responses: { '200': { description: 'application/pdf' }, '404': err('not_found') },
      },
    },
    '/conventions/{id}/accept': {
      post: {
        parameters: id,
        summary: 'Accept online (a manager of the side that did not propose): who and when kept',
        responses: {
          '200': { description: 'the agreement, active', content: one },
          '403': err('not_other_side'),
          '409': err('convention_state'),
        },
      },
    },
    '/conventions/{id}/decline': {
      post: {
        parameters: id,
        summary: 'Decline (a manager of the side that did not propose)',
        requestBody: reason(false),
        responses: {
          '200': { description: 'the agreement, declined', content: one },
          '403': err('not_other_side'),
          '409': err('convention_state'),
        },
      },
    },
    '/conventions/{id}/end': {
      post: {
        parameters: id,
        summary:
          'End an active agreement (either side), or withdraw a pending one (the side that proposed)',
        requestBody: reason(true),
        responses: {
          '200': { description: 'the agreement, ended or withdrawn', content: one },
          '403': err('not_proposer'),
          '409': err('convention_state'),
          '422': err('invalid_input'),
        },
      },
    },
  },
};
