import { COLD_CHAIN_REASONS, PICKUP_REASONS } from '../db/tables/donations.js';
import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';
import { HUB_MAX_CAPACITY_KG, HUB_MAX_PARTNERS } from './rules.js';

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
const json = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const kg = { type: 'number', minimum: 0, maximum: HUB_MAX_CAPACITY_KG };

const hubItem = {
  type: 'object',
  properties: {
    donationId: { type: 'integer' },
    description: { type: 'string' },
    storage: { enum: ['chilled', 'frozen'] },
    stage: {
      enum: ['at_shop', 'to_hub', 'at_hub', 'collected', 'refused', 'unrecorded'],
      description:
        'at_shop: claimed, to collect at the shop; to_hub: collected at the shop, not yet received at the hub; at_hub: received, waiting for the partner; collected: taken by the partner (listed 30 days); refused: refused by the hub on arrival (listed 30 days); unrecorded: its arrival at the hub was never recorded, the step closed a day after the window (unrecordedAt; it holds no room; listed 30 days)',
    },
    collector: { enum: ['hub', 'partner'], description: 'whose driver collects at the shop' },
    shop: { type: 'object', properties: { name: { type: 'string' } } },
    hub: {
      type: 'object',
      properties: { organisationId: { type: 'integer' }, name: { type: 'string' } },
    },
    partner: {
      type: 'object',
      properties: { organisationId: { type: 'integer' }, name: { type: 'string' } },
    },
    atShop: {
      type: 'object',
      properties: { kg: { type: ['number', 'null'] }, temperatureC: { type: ['number', 'null'] } },
    },
    atHub: {
      type: ['object', 'null'],
      properties: {
        kg: { type: 'number' },
        temperatureC: { type: ['number', 'null'] },
        at: { type: 'string', format: 'date-time' },
        refusalReason: { enum: [...PICKUP_REASONS, null] },
      },
    },
    collectedAt: { type: ['string', 'null'], format: 'date-time' },
    unrecordedAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'when the step at the hub was closed as never recorded',
    },
  },
};

/** Relay hubs: shared cold rooms for partner associations without a fridge (issue #19). */
export const hubsOpenApi: OpenApiPart = {
  schemas: { HubItem: hubItem },
  paths: {
    '/hubs': {
      get: {
        summary:
          "The caller's association as a hub (null if it is none) with the partners it named, and the hubs that named it (partnerOf)",
        responses: {
          '200': {
            description: '{hub, partners: [{organisationId, name, status}], partnerOf: [...]}',
          },
        },
      },
      put: {
        summary: `A manager declares (or changes) the association's hub: capacity chilled (needs its fridge) and frozen (needs its freezer), opening hours, and the partners it names (approved associations, at most ${HUB_MAX_PARTNERS}; each must accept; one left out is ended)`,
        requestBody: json({
          type: 'object',
          required: ['capacityChilledKg', 'capacityFrozenKg', 'openingHours', 'partnerIds'],
          properties: {
            capacityChilledKg: kg,
            capacityFrozenKg: kg,
            openingHours: { type: 'string', minLength: 1, maxLength: 300 },
            active: { type: 'boolean' },
            partnerIds: { type: 'array', items: { type: 'integer' }, maxItems: HUB_MAX_PARTNERS },
          },
        }),
        responses: {
          '200': { description: 'as GET, without partnerOf' },
          '403': err('forbidden: managers of an association only'),
          '422': err(
            'invalid_input (fields: capacityChilledKg, capacityFrozenKg, openingHours, partnerIds)',
          ),
        },
      },
    },
    '/hubs/{id}/answer': {
      post: {
        parameters: id,
        summary:
          'A manager of a named partner accepts the hub, or declines it (which also ends an accepted partnership)',
        requestBody: json({
          type: 'object',
          required: ['decision'],
          properties: { decision: { enum: ['accept', 'decline'] } },
        }),
        responses: {
          '200': { description: '{organisationId, status}' },
          '404': err('not_found'),
          '409': err('not_invited'),
        },
      },
    },
    '/hubs/offers': {
      get: {
        summary:
          "The open chilled and frozen donations the caller's association (without the storage for them) may claim through a hub it is an accepted partner of, with room for them; each with viaHub. GET /feed lists them too, after its own",
        responses: {
          '200': { description: '{items: [feed row + viaHub: {organisationId, name}]}' },
        },
      },
    },
    '/hubs/{id}/claims': {
      post: {
        parameters: id,
        summary:
          'The partner claims a donation through hub {id}: the claim is the partner\'s, the hub recorded with who collects at the shop. The handover at the shop is POST /donations/{id}/pickup, by the partner or, with collector "hub", by a member of the hub',
        requestBody: json({
          type: 'object',
          required: ['donationId', 'collector'],
          properties: { donationId: { type: 'integer' }, collector: { enum: ['hub', 'partner'] } },
        }),
        responses: {
          '200': {
            description: '{id, status: claimed, claimedBy, hub: {organisationId, collector}}',
          },
          '404': err('not_found (not an accepted partner of that hub)'),
          '409': err('hub_full (more kg than the hub has free for that storage), not_available'),
          '429': err('too_many_releases'),
        },
      },
    },
    '/hubs/held': {
      get: {
        summary: "The food the caller's hub holds or will hold for its partners",
        responses: { '200': { description: '{items: HubItem[]}' } },
      },
    },
    '/hubs/waiting': {
      get: {
        summary: "The caller's association's food claimed through its hubs",
        responses: { '200': { description: '{items: HubItem[]}' } },
      },
    },
    '/hubs/deposits/{id}': {
      post: {
        parameters: id,
        summary:
          'The second handover, at the hub (a member of the hub; {id} is the donation): kg (at most those taken at the shop) and temperature, checked against the same cold-chain limit as at the shop: above it only with temperatureConfirmed and a temperatureReason',
        requestBody: json({
          type: 'object',
          properties: {
            refusalReason: {
              enum: [...PICKUP_REASONS, null],
              description:
                'the hub refuses the food on arrival: 0 kg kept, nothing to fetch, a quality defect; receivedKg and temperatureC then optional',
            },
            receivedKg: { type: 'number', minimum: 0.01, maximum: 10000 },
            temperatureC: { type: 'number', minimum: -60, maximum: 100 },
            temperatureConfirmed: { type: 'boolean' },
            temperatureReason: { enum: [...COLD_CHAIN_REASONS, null] },
          },
        }),
        responses: {
          '201': {
            description: '{donationId, receivedKg, temperatureC, receivedAt, refusalReason}',
          },
          '404': err('not_found'),
          '409': err('not_picked_up, already_received'),
          '422': err('invalid_input (temperatureC: too warm without a reason; receivedKg)'),
        },
      },
    },
    '/hubs/deposits/{id}/collection': {
      post: {
        parameters: id,
        summary: 'The partner records that it collected its food from the hub (when: now)',
        responses: {
          '200': { description: '{donationId, collectedAt}' },
          '404': err('not_found'),
          '409': err('not_at_hub, already_collected, refused_at_hub'),
        },
      },
    },
  },
};
