import type { Convention, ConventionSide, ConventionStatus, Organisation } from '../db/schema.js';

/** A side of the agreement as it states it: the identity from the organisation's profile. */
export interface ConventionParty {
  id: number;
  name: string;
  address: string | null;
  postcode: string | null;
  town: string | null;
  siret: string | null;
  siren: string | null;
  legalForm: string | null;
  salesAreaM2: number | null;
  rna: string | null;
  approval: { level: string; number: string | null; endsOn: string | null } | null;
}

/** A regular donation of the shop that the association takes (series/), as the agreement lists it. */
export interface SeriesTerm {
  id: number;
  category: string;
  description: string;
  weekdays: number[];
  from: string;
  until: string;
  kg: number;
}

/** What the agreement froze: at the proposal, then again at acceptance. */
export interface ConventionTerms {
  shop: ConventionParty;
  association: ConventionParty;
  series: SeriesTerm[];
}

/**
 * Where an agreement stands for its readers: its status, but an active one whose end date has
 * passed has lapsed (it no longer covers the pair).
 */
export type ConventionState = ConventionStatus | 'lapsed';

/** An agreement with the names of the people who acted on it. */
export interface ConventionRecord {
  row: Convention;
  terms: ConventionTerms;
  state: ConventionState;
  proposedByName: string | null;
  answeredByName: string | null;
  endedByName: string | null;
}

export const partyOf = (o: Organisation): ConventionParty => ({
  id: o.id,
  name: o.name,
  address: o.address,
  postcode: o.postcode,
  town: o.town,
  siret: o.siret,
  siren: o.siren,
  legalForm: o.legal_form,
  salesAreaM2: o.sales_area_m2,
  rna: o.rna,
  approval: o.approval_level
    ? { level: o.approval_level, number: o.approval_number, endsOn: o.approval_ends_on }
    : null,
});

export const stateOf = (
  c: Pick<Convention, 'status' | 'ends_on'>,
  today: string,
): ConventionState =>
  c.status === 'active' && c.ends_on != null && c.ends_on < today ? 'lapsed' : c.status;

export const otherSide = (s: ConventionSide): ConventionSide =>
  s === 'shop' ? 'association' : 'shop';

/** The API's view of an agreement (API.md style: camelCase, dates YYYY-MM-DD, times ISO). */
export function conventionToApi(r: ConventionRecord) {
  const c = r.row;
  return {
    id: c.id,
    shopId: c.shop_id,
    associationId: c.association_id,
    status: r.state,
    proposedBySide: c.proposed_by_side,
    proposedBy: c.proposed_by,
    proposedAt: c.proposed_at.toISOString(),
    categories: c.categories,
    pickupArrangements: c.pickup_arrangements,
    qualityContact: c.quality_contact,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    shop: r.terms.shop,
    association: r.terms.association,
    series: r.terms.series,
    answeredBy: c.answered_by,
    answeredAt: c.answered_at?.toISOString() ?? null,
    declineReason: c.decline_reason,
    endedBy: c.ended_by,
    endedAt: c.ended_at?.toISOString() ?? null,
    endReason: c.end_reason,
  };
}
