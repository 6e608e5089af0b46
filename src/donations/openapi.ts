import { CATEGORIES } from '../shared/categories.js';
import { LOCAL_ORIGINS, QUALITY_LABELS } from '../db/tables/donations.js';
import { errorResponse as err, type OpenApiPart } from '../http/openapi.js';
import {
  pickupAnswerFields,
  pickupRequest,
  pickupResponse,
  releaseRequest,
} from './openapi-pickup.js';
/** The quality of what is given (issue #19): optional at posting; absent in a PATCH keeps it. */
export const qualityMarks = {
  freshProduce: { type: 'boolean', description: 'Fresh produce (default false)' },
  qualityLabel: {
    enum: [...QUALITY_LABELS, null],
    description: 'A quality or origin label: organic, Label Rouge, AOP/IGP; null for none',
  },
  localOrigin: {
    enum: [...LOCAL_ORIGINS, null],
    description: 'Local food: the shop’s own production, or from within 100 km; null for not said',
  },
};
const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];

const donation = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    shopId: { type: 'integer' },
    status: { enum: ['open', 'claimed', 'picked_up', 'refused', 'cancelled', 'expired', 'missed'] },
    category: { enum: [...CATEGORIES] },
    description: { type: 'string' },
    quantityKg: { type: 'number' },
    units: { type: ['integer', 'null'] },
    storage: { enum: ['ambient', 'chilled', 'frozen'] },
    dateKind: { enum: ['use_by', 'best_before', null] },
    date: { type: ['string', 'null'], format: 'date' },
    packaged: { type: 'boolean' },
    sameDay: { type: 'boolean' },
    valueEur: { type: ['number', 'null'] },
    lotNumber: {
      type: ['string', 'null'],
      maxLength: 40,
      description: 'The producer’s lot, for the traceability record',
    },
    ...qualityMarks,
    pickupFrom: { type: 'string', format: 'date-time' },
    pickupUntil: { type: 'string', format: 'date-time' },
    distanceKm: { type: 'number' },
    photoUrl: {
      type: ['string', 'null'],
      description:
        'its photo (posted with the form of /donations/new, or PUT /donations/{id}/photo), relative to the site; the URL is the permission',
    },
    seriesId: {
      type: ['integer', 'null'],
      description: 'the regular donation (donation-series) this is an occurrence of',
    },
    claimedBy: { type: ['object', 'null'], properties: { organisationId: { type: 'integer' } } },
    handoverCode: {
      type: 'string',
      description:
        'for the donating shop, once claimed: 6 digits (4 on donations claimed before); accepted with or without spaces',
    },
    shopContact: {
      type: 'object',
      description:
        'for the shop, the admin and the association holding the claim (claimed, picked up or refused by it) only',
      properties: {
        accessNotes: {
          type: ['string', 'null'],
          description: 'entrance, parking, which door, whom to ask',
        },
        pickupPhone: { type: ['string', 'null'], description: 'E.164' },
      },
    },
    driver: {
      type: 'object',
      description: 'the member who claimed, for the shop and the claiming association only',
      properties: {
        name: { type: 'string' },
        phone: { type: ['string', 'null'], description: 'E.164' },
      },
    },
    ...pickupAnswerFields,
  },
};

/**
 * What POST /donations answers: the donation and who could take it (whoCouldTake in reach.ts);
 * `reasons` is empty while some association can.
 */
const postedDonation = {
  allOf: [
    { $ref: '#/components/schemas/Donation' },
    {
      type: 'object',
      properties: {
        reach: {
          type: 'object',
          required: ['associations', 'reasons'],
          properties: {
            associations: {
              type: 'integer',
              description: 'approved associations that may take it',
            },
            reasons: {
              type: 'array',
              description:
                'when none may: each rule with how many approved associations it leaves out (the radius: those too far but within the largest radius of any association, 0 when none is in reach; the others: those near enough) and the figure that would help',
              items: {
                type: 'object',
                required: ['rule'],
                properties: {
                  rule: {
                    enum: [
                      'none_approved',
                      'radius',
                      'category',
                      'storage',
                      'min_kg',
                      'max_kg',
                      'same_day',
                    ],
                  },
                  associations: { type: 'integer' },
                  waiting: {
                    type: 'integer',
                    description: 'none_approved: associations awaiting approval',
                  },
                  nearestKm: {
                    type: 'number',
                    description: 'radius: the nearest approved association',
                  },
                  storage: { enum: ['chilled', 'frozen'], description: 'storage: the kit missing' },
                  kg: {
                    type: 'number',
                    description: 'min_kg: the smallest minimum; max_kg: the largest maximum',
                  },
                  atKg: { type: 'integer', description: 'min_kg, max_kg: how many ask just that' },
                },
              },
            },
          },
        },
      },
    },
  ],
};

const newDonation = {
  type: 'object',
  required: ['category', 'description', 'quantityKg', 'storage', 'pickupFrom', 'pickupUntil'],
  properties: {
    category: { $ref: '#/components/schemas/Donation/properties/category' },
    description: { type: 'string', maxLength: 300 },
    quantityKg: { type: 'number', exclusiveMinimum: 0 },
    units: { type: 'integer' },
    storage: { enum: ['ambient', 'chilled', 'frozen'] },
    pickupFrom: { type: 'string', format: 'date-time' },
    pickupUntil: { type: 'string', format: 'date-time' },
    dateKind: { enum: ['use_by', 'best_before'] },
    date: { type: 'string', format: 'date' },
    packaged: { type: 'boolean' },
    sameDay: { type: 'boolean' },
    valueEur: { type: 'number', minimum: 0 },
    lotNumber: { type: ['string', 'null'], maxLength: 40 },
    ...qualityMarks,
  },
};

export const donationsOpenApi: OpenApiPart = {
  schemas: { Donation: donation },
  paths: {
    '/donations': {
      get: {
        summary:
          'A shop: its donations. An association: the open donations it may claim (with distanceKm) and those it claimed.',
        responses: { '200': { description: '{items}' } },
      },
      post: {
        summary: 'Post a donation (shop member)',
        requestBody: { content: { 'application/json': { schema: newDonation } } },
        responses: {
          '201': {
            description: 'Created',
            content: { 'application/json': { schema: postedDonation } },
          },
          '403': err('forbidden'),
          '422': err('invalid_input: rules broken, with fields'),
        },
      },
    },
    '/donations/{id}': {
      get: {
        parameters: id,
        summary: 'One donation',
        responses: {
          '200': {
            description: 'Donation',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Donation' } } },
          },
          '404': err('not_found'),
        },
      },
      patch: {
        parameters: id,
        summary:
          'Change a posted donation nobody has claimed (shop member): the same fields and rules as posting; a material change (kg, window, dates) tells the associations already told, once',
        requestBody: { content: { 'application/json': { schema: newDonation } } },
        responses: {
          '200': {
            description: 'The donation as it is now',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Donation' } } },
          },
          '404': err('not_found'),
          '409': err('not_open (claimed or closed)'),
          '422': err('invalid_input: rules broken, with fields'),
        },
      },
    },
    '/donations/{id}/claim': {
      post: {
        parameters: id,
        summary: 'Claim (association member)',
        responses: {
          '200': { description: '{id, status, claimedBy}' },
          '409': err('not_available'),
          '403': err('own_donation / forbidden'),
          '429': err('too_many_releases (claimed and given back too often)'),
        },
      },
      delete: {
        parameters: id,
        summary: 'Release a claim before pickup',
        requestBody: {
          required: false,
          content: { 'application/json': { schema: releaseRequest } },
        },
        responses: {
          '200': { description: '{id, status: open}' },
          '404': err('not_found'),
          '409': err('not_claimed'),
        },
      },
    },
    '/donations/{id}/pickup': {
      post: {
        parameters: id,
        summary: 'Confirm the handover (the claiming association)',
        requestBody: { content: { 'application/json': { schema: pickupRequest } } },
        responses: {
          '200': {
            description: 'Handed over, and the remainder offered again if asked',
            content: { 'application/json': { schema: pickupResponse } },
          },
          '422': err('wrong_handover_code / invalid_input (reasons, cold chain, remainder)'),
          '429': err('too_many_attempts'),
        },
      },
    },
    '/donations/{id}/photo': {
      put: {
        parameters: id,
        summary:
          'Give an open donation its photo, or another in place of it (shop member): the image itself as the body; its bytes decide its type; metadata (EXIF, XMP...) is cut before it is stored; a new photoUrl each time',
        requestBody: {
          required: true,
          content: Object.fromEntries(
            ['image/jpeg', 'image/png', 'image/webp'].map((t) => [
              t,
              { schema: { type: 'string', format: 'binary', maxLength: 2 * 1024 * 1024 } },
            ]),
          ),
        },
        responses: {
          '200': {
            description: 'The donation with its photoUrl',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Donation' } } },
          },
          '404': err('not_found (not a donation of the caller’s shop)'),
          '409': err('not_open (claimed or closed)'),
          '413': err('payload_too_large: over 2 MB'),
          '415': err('unsupported_media_type: not sent as image/jpeg, image/png or image/webp'),
          '422': err('invalid_input: fields.photo (not an image, or over 8192 px a side / 40 Mpx)'),
        },
      },
      delete: {
        parameters: id,
        summary: 'Take the photo off an open donation (shop member); its photoUrl then answers 404',
        responses: {
          '200': {
            description: 'The donation, photoUrl null',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Donation' } } },
          },
          '404': err('not_found'),
          '409': err('not_open (claimed or closed)'),
        },
      },
    },
    '/donations/{id}/cancel': {
      post: {
        parameters: id,
        summary: 'Cancel an open donation (shop member)',
        responses: { '200': { description: '{status: cancelled}' }, '409': err('not_open') },
      },
    },
  },
};
