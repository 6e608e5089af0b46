import { errorResponse as error, type OpenApiPart } from '../http/openapi.js';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const money = { type: 'number', description: 'EUR, 2 decimals' };

const compensation = {
  type: 'object',
  required: ['eurPer100Kg', 'flatEur', 'amountEur'],
  properties: {
    eurPer100Kg: {
      ...money,
      description: 'Rate in force on the date of the withdrawal, EUR per 100 kg',
    },
    flatEurPer100Kg: {
      ...money,
      description: 'Flat transport, sorting and packing amounts per 100 kg in force when recorded',
    },
    flatEur: {
      ...money,
      description: 'Flat part of amountEur (0 when none, and 0 until the receipt is confirmed)',
    },
    amountEur: {
      ...money,
      description:
        'kg received / 100 x (rate + flat per 100 kg), rounded to the cent once; 0 until the receipt is confirmed',
    },
    expectedAmountEur: {
      type: ['number', 'null'],
      description: 'While pending: the amount if all the kg withdrawn are received',
    },
  },
};
const withdrawal = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    status: { enum: ['pending_receipt', 'received', 'refused'] },
    product: { type: 'string' },
    productName: { type: 'string' },
    cnCode: { type: 'string' },
    quantityKg: { type: 'number' },
    receivedKg: { type: ['number', 'null'] },
    date: { type: 'string', format: 'date' },
    campaign: { type: 'integer' },
    producerOrgId: { type: 'integer' },
    associationId: { type: 'integer' },
    certificateNumber: {
      type: 'string',
      description:
        'Given by the PO, or the next of its campaign (RC-YYYY-NNNN), unique per PO and campaign',
    },
    distanceKm: { type: ['integer', 'null'] },
    transportEurPer100Kg: {
      type: ['number', 'null'],
      description:
        'Transport unit cost of the distance band on the date (2022/126 art. 25), up to 750 km',
    },
    notifiedAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description:
        'When FranceAgriMer was told (at least 24 h before: the day before at the latest)',
    },
    rateBasis: {
      enum: ['history_2014_2018', 'annex_iv_2017_891', 'annex_v_2022_126', 'member_state_2022_126'],
      description:
        'The rule the rate follows: Delegated Reg. 2017/891 Annex IV (up to 2022), Reg. 2021/2115 with Delegated Reg. 2022/126 art. 26 (from 2023: Annex V maximum, or the member state maximum as a share of the average price), or the seeded 2014-2018 figures kept as history',
    },
    overCeiling: {
      type: 'boolean',
      description: 'Recorded past the 5 % ceiling, with acceptOverCeiling',
    },
    refusalReason: { type: ['string', 'null'] },
    compensation: { $ref: '#/components/schemas/WithdrawalCompensation' },
  },
};
const ceiling = {
  marketedKg: {
    type: ['number', 'null'],
    description: 'Marketed volume declared for the campaign',
  },
  capKg: { type: ['number', 'null'], description: '5 % of marketedKg' },
  usedPct: {
    type: ['number', 'null'],
    description: 'Share of the ceiling used by kg withdrawn (refused operations excluded), in %',
  },
  withdrawnKg: { type: 'number' },
  remainingKg: { type: ['number', 'null'] },
};

export const withdrawalsOpenApi: OpenApiPart = {
  schemas: { WithdrawalCompensation: compensation, Withdrawal: withdrawal },
  paths: {
    '/withdrawal-rates': {
      get: {
        summary: 'Withdrawal rates per product (all periods) and the flat amounts per 100 kg',
        responses: {
          '200': json({
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    product: { type: 'string' },
                    cnCode: { type: 'string' },
                    eurPer100Kg: money,
                    validFrom: { type: 'string', format: 'date' },
                    validTo: { type: ['string', 'null'], format: 'date' },
                    source: { type: 'string' },
                    basis: {
                      enum: [
                        'history_2014_2018',
                        'annex_iv_2017_891',
                        'annex_v_2022_126',
                        'member_state_2022_126',
                      ],
                      description:
                        'The rule the rate follows: Delegated Reg. 2017/891 Annex IV (up to 2022), Reg. 2021/2115 with Delegated Reg. 2022/126 art. 26 (from 2023: Annex V maximum, or the member state maximum as a share of the average price), or the seeded 2014-2018 figures kept as history',
                    },
                    averagePriceEurPer100Kg: { type: ['number', 'null'] },
                    sharePct: { type: ['number', 'null'] },
                  },
                },
              },
              flatAmounts: {
                type: 'object',
                properties: {
                  transportEurPer100Kg: { type: ['number', 'null'] },
                  sortingPackingEurPer100Kg: { type: ['number', 'null'] },
                },
              },
            },
          }),
        },
      },
      post: {
        summary:
          'Add a rate for a product (platform admin); the rate open on validFrom ends the day before',
        requestBody: json({
          type: 'object',
          required: ['product', 'basis', 'validFrom', 'source'],
          properties: {
            product: { type: 'string' },
            basis: { enum: ['annex_iv_2017_891', 'annex_v_2022_126', 'member_state_2022_126'] },
            eurPer100Kg: {
              ...money,
              description: 'Required for annex_iv_2017_891 and annex_v_2022_126',
            },
            averagePriceEurPer100Kg: {
              ...money,
              description: 'member_state_2022_126: the 5-year average price',
            },
            sharePct: {
              type: 'number',
              maximum: 40,
              description:
                'member_state_2022_126: its share, at most 40 %; the rate is their product',
            },
            validFrom: {
              type: 'string',
              format: 'date',
              description: 'Annex IV up to 2022-12-31 (it ends then), 2022/126 from 2023-01-01',
            },
            source: { type: 'string' },
          },
        }),
        responses: {
          '201': { description: 'Rate added' },
          '403': error('forbidden'),
          '422': error('invalid_input'),
        },
      },
    },
    '/withdrawal-transport-costs': {
      get: {
        summary: 'Transport unit costs by distance band, one scale per validFrom',
        responses: {
          '200': json({
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    validFrom: { type: 'string', format: 'date' },
                    upToKm: { type: 'integer', maximum: 750 },
                    eurPer100Kg: money,
                    source: { type: 'string' },
                  },
                },
              },
            },
          }),
        },
      },
      post: {
        summary: 'Set one band of a transport scale (platform admin)',
        requestBody: json({
          type: 'object',
          required: ['validFrom', 'upToKm', 'eurPer100Kg', 'source'],
          properties: {
            validFrom: { type: 'string', format: 'date' },
            upToKm: { type: 'integer', minimum: 1, maximum: 750 },
            eurPer100Kg: money,
            source: { type: 'string' },
          },
        }),
        responses: {
          '201': { description: 'Band saved' },
          '403': error('forbidden'),
          '422': error('invalid_input'),
        },
      },
    },
    '/withdrawal-flat-amounts': {
      put: {
        summary:
          'Set the flat transport and sorting/packing amounts per 100 kg (platform admin; null = none)',
        requestBody: json({
          type: 'object',
          required: ['transportEurPer100Kg', 'sortingPackingEurPer100Kg'],
          properties: {
            transportEurPer100Kg: { type: ['number', 'null'] },
            sortingPackingEurPer100Kg: { type: ['number', 'null'] },
          },
        }),
        responses: {
          '200': { description: 'Saved' },
          '403': error('forbidden'),
          '422': error('invalid_input'),
        },
      },
    },
    '/campaigns/{year}': {
      put: {
        summary:
          "Declare the producer organisation's marketed volume for a campaign (calendar year)",
        requestBody: json({
          type: 'object',
          required: ['marketedKg'],
          properties: { marketedKg: { type: 'number' } },
        }),
        responses: {
          '200': json({ type: 'object', properties: { year: { type: 'integer' }, ...ceiling } }),
          '403': error('forbidden'),
          '422': error('invalid_input'),
        },
      },
      get: {
        summary: 'The 5 % ceiling of a campaign (producer organisation)',
        responses: { '200': { description: 'Ceiling' }, '403': error('forbidden') },
      },
    },
    '/withdrawals': {
      post: {
        summary: 'Record a withdrawal given to an approved association (producer_org member)',
        description:
          'The marketed volume of the campaign must be declared first. An operation that would pass the 5 % ceiling is refused with 422 over_ceiling unless acceptOverCeiling is true.',
        requestBody: json({
          type: 'object',
          required: ['product', 'quantityKg', 'date', 'associationId'],
          properties: {
            product: { type: 'string' },
            quantityKg: { type: 'number', exclusiveMinimum: 0, maximum: 1000000 },
            date: { type: 'string', format: 'date' },
            associationId: { type: 'integer' },
            certificateNumber: { type: ['string', 'null'] },
            acceptOverCeiling: { type: 'boolean' },
            distanceKm: { type: ['integer', 'null'], minimum: 0, maximum: 5000 },
            notifiedAt: {
              type: ['string', 'null'],
              format: 'date-time',
              description:
                'the notice to FranceAgriMer, mandatory for an operation dated from 2018-03-28 (arrêté of 28 March 2018, art. 16): without it, 422 on fields.notifiedAt',
            },
          },
        }),
        responses: {
          '201': json({ $ref: '#/components/schemas/Withdrawal' }),
          '403': error('forbidden'),
          '422': error('invalid_input, over_ceiling'),
        },
      },
      get: {
        summary:
          "Withdrawals of a campaign: a PO's own, those offered to an association; the admin all or one PO's (organisationId)",
        parameters: [
          {
            name: 'campaign',
            in: 'query',
            schema: { type: 'integer' },
            description: 'Year; default the current one',
          },
          {
            name: 'organisationId',
            in: 'query',
            schema: { type: 'integer' },
            description: 'Admin only: one producer organisation',
          },
        ],
        responses: {
          '200': json({
            type: 'object',
            properties: {
              items: { type: 'array', items: { $ref: '#/components/schemas/Withdrawal' } },
              totals: {
                type: 'object',
                description: 'Confirmed receipts: kg received and amounts',
                properties: { kg: { type: 'number' }, amountEur: money },
              },
              ...ceiling,
            },
          }),
          '403': error('forbidden'),
        },
      },
    },
    '/withdrawals/{id}': {
      get: {
        summary: 'One withdrawal',
        responses: {
          '200': json({ $ref: '#/components/schemas/Withdrawal' }),
          '404': error('not_found'),
        },
      },
    },
    '/withdrawals/{id}/receipt': {
      post: {
        summary:
          'Confirm receipt (member of the receiving association); the compensation is computed on the kg received',
        requestBody: json({
          type: 'object',
          required: ['receivedKg'],
          properties: { receivedKg: { type: 'number', exclusiveMinimum: 0 } },
        }),
        responses: {
          '200': json({
            type: 'object',
            properties: {
              status: { const: 'received' },
              compensation: { $ref: '#/components/schemas/WithdrawalCompensation' },
            },
          }),
          '403': error('forbidden'),
          '404': error('not_found'),
          '409': error('not_pending'),
          '422': error('invalid_input'),
        },
      },
    },
    '/withdrawals/{id}/refusal': {
      post: {
        summary: 'Refuse the produce, with a reason (member of the receiving association)',
        requestBody: json({
          type: 'object',
          required: ['reason'],
          properties: { reason: { type: 'string' } },
        }),
        responses: {
          '200': { description: 'Refused' },
          '403': error('forbidden'),
          '404': error('not_found'),
          '409': error('not_pending'),
          '422': error('invalid_input'),
        },
      },
    },
  },
};
