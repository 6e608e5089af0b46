import { COLD_CHAIN_REASONS, PICKUP_REASONS, RELEASE_REASONS } from '../db/tables/donations.js';

/**
 * The OpenAPI words for the pickup as it happens (issue #15): what the handover, a release and a
 * change accept and answer, from the zod schemas in schemas.ts and donationToApi in api.ts.
 */

/** Fields of a donation once handed over (absent before), and those every donation has. */
export const pickupAnswerFields = {
  lat: { type: 'number' },
  lng: { type: 'number' },
  receivedKg: { type: ['number', 'null'], description: 'once handed over' },
  quality: {
    enum: ['good', 'acceptable', 'poor', 'refused', null],
    description: 'once handed over',
  },
  temperatureC: { type: ['number', 'null'], description: 'once handed over' },
  issues: { type: ['string', 'null'], description: 'once handed over: the free text' },
  reasons: {
    type: 'array',
    items: { enum: [...PICKUP_REASONS] },
    description: 'once handed over: why zero kg, a refusal or food left at the shop',
  },
  temperatureReason: {
    enum: [...COLD_CHAIN_REASONS, null],
    description:
      'once handed over: why food above its cold-chain limit was taken as good or acceptable',
  },
  leftKg: {
    type: ['number', 'null'],
    description: 'once handed over: a partial pickup whose rest was left at the shop',
  },
  pickedUpAt: { type: 'string', format: 'date-time', description: 'once handed over' },
  parentId: {
    type: ['integer', 'null'],
    description: 'a remainder offered again after a partial pickup: the donation it came from',
  },
  onTheWayAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'when the driver said "je suis en route" (claimed donations)',
  },
  arrivalAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'the time the driver expects to be at the shop',
  },
  createdAt: { type: 'string', format: 'date-time' },
};

export const pickupRequest = {
  type: 'object',
  required: ['handoverCode', 'receivedKg', 'quality'],
  properties: {
    handoverCode: { type: 'string', maxLength: 20 },
    receivedKg: {
      type: 'number',
      minimum: 0,
      maximum: 10000,
      description: 'less than the donation: a partial pickup (say what becomes of the rest)',
    },
    quality: { enum: ['good', 'acceptable', 'poor', 'refused'] },
    temperatureC: { type: ['number', 'null'], minimum: -60, maximum: 100 },
    issues: { type: ['string', 'null'], maxLength: 1000 },
    reasons: {
      type: 'array',
      items: { enum: [...PICKUP_REASONS] },
      maxItems: PICKUP_REASONS.length,
      description:
        'codes beside the free text, needed for zero kg, a refusal or food left at the shop ("other" needs issues)',
    },
    temperatureConfirmed: {
      type: 'boolean',
      description:
        'above the cold-chain limit (DGCCRF table, by storage and category), "good" or "acceptable" need true and a temperatureReason',
    },
    temperatureReason: { enum: [...COLD_CHAIN_REASONS, null] },
    remainder: {
      enum: ['reoffer', 'left', null],
      description:
        'a partial pickup: "reoffer" posts the rest at once as a new donation (parentId, same window); "left" records it as left at the shop (with reasons)',
    },
  },
};

export const pickupResponse = {
  type: 'object',
  required: ['id', 'status', 'remainder'],
  properties: {
    id: { type: 'integer' },
    status: { enum: ['picked_up', 'refused'] },
    remainder: {
      type: ['object', 'null'],
      required: ['id'],
      properties: { id: { type: 'integer', description: 'the new donation with the rest' } },
    },
  },
};

export const releaseRequest = {
  type: 'object',
  properties: {
    reason: {
      enum: [...RELEASE_REASONS, null],
      description:
        'why the claim is given back (the site asks for it; optional here). With under 60 minutes of window left every fitting association is told at once, as urgent',
    },
  },
};
