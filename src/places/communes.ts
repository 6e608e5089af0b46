/**
 * The official communes, intercommunalités (EPCI) and départements, as a compact index built from
 * @etalab/decoupage-administratif's data (see communes-node.ts, which reads it on Node only: the
 * package is 13 MB and stays out of the Workers bundle). A territory's area is made of such parts;
 * each resolves to the INSEE codes the geocoder gives, arrondissements included.
 */
export type PartKind = 'commune' | 'epci' | 'departement';
export const PART_KINDS: PartKind[] = ['commune', 'epci', 'departement'];

/** One part of an area as chosen: its kind and code, its name, how many communes it holds. */
export interface AreaPart {
  kind: PartKind;
  code: string;
  name: string;
  communes: number;
  /** the département (a commune), or nothing */
  detail?: string;
}

/** The package's rows, as much of them as the index keeps. */
export interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  /** an arrondissement municipal's commune (69382 -> 69123) */
  commune?: string;
  population?: number;
}
export interface RawEpci {
  code: string;
  nom: string;
  membres: { code: string }[];
}
export interface RawDepartement {
  code: string;
  nom: string;
}

interface Commune {
  name: string;
  key: string;
  dep: string;
  population: number;
  /** the commune of an arrondissement municipal */
  parent: string | null;
}

/** A search key: no accents, lower case, hyphens and apostrophes as spaces. */
export const searchKey = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[-'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** An INSEE commune code (5), a département code (2 or 3) or an EPCI's SIREN (9). */
export const PART_CODE = /^(\d{5}|2[AB]\d{3}|\d{2,3}|2[AB]|\d{9})$/;

function listIn(map: Map<string, string[]>, key: string) {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

export class CommuneIndex {
  private readonly communes = new Map<string, Commune>();
  private readonly arrondissements = new Map<string, string[]>();
  private readonly epci = new Map<string, { name: string; key: string; members: string[] }>();
  private readonly departements = new Map<string, { name: string; key: string }>();
  private readonly communesOfDepartement = new Map<string, string[]>();

  constructor(data: { communes: RawCommune[]; epci: RawEpci[]; departements: RawDepartement[] }) {
    for (const c of data.communes) {
      const arr = c.type === 'arrondissement-municipal';
      if (c.type !== 'commune-actuelle' && !arr) continue;
      this.communes.set(c.code, {
        name: c.nom,
        key: searchKey(c.nom),
        dep: c.departement ?? '',
        population: c.population ?? 0,
        parent: arr ? (c.commune ?? null) : null,
      });
      if (!arr && c.departement) listIn(this.communesOfDepartement, c.departement).push(c.code);
      if (arr && c.commune) listIn(this.arrondissements, c.commune).push(c.code);
    }
    for (const e of data.epci)
      this.epci.set(e.code, {
        name: e.nom,
        key: searchKey(e.nom),
        members: e.membres.map((m) => m.code),
      });
    for (const d of data.departements)
      this.departements.set(d.code, { name: d.nom, key: searchKey(d.nom) });
  }

  /** A commune and its arrondissements municipaux, as the geocoder may give either. */
  private withArrondissements(code: string) {
    return [code, ...(this.arrondissements.get(code) ?? [])];
  }

  private communesOf(kind: PartKind, code: string): string[] | null {
    if (kind === 'commune') return this.communes.has(code) ? [code] : null;
    if (kind === 'epci') return this.epci.get(code)?.members ?? null;
    if (!this.departements.has(code)) return null;
    return this.communesOfDepartement.get(code) ?? [];
  }

  /** The part named by kind and code, with its commune count; null when there is none. */
  part(kind: PartKind, code: string): AreaPart | null {
    const communes = this.communesOf(kind, code);
    if (!communes) return null;
    const name =
      kind === 'commune'
        ? this.communes.get(code)!.name
        : kind === 'epci'
          ? this.epci.get(code)!.name
          : this.departements.get(code)!.name;
    const dep = kind === 'commune' ? this.communes.get(code)!.dep : '';
    return { kind, code, name, communes: communes.length, ...(dep ? { detail: dep } : {}) };
  }

  /** Every INSEE code a part covers (arrondissements included), or null for an unknown part. */
  citycodes(kind: PartKind, code: string): string[] | null {
    return this.communesOf(kind, code)?.flatMap((c) => this.withArrondissements(c)) ?? null;
  }

  /**
   * Parts matching a name or a code, best first: a code names one part (a 5-character INSEE code
   * a commune, 2 or 3 characters a département, 9 digits an EPCI); a name matches from its start
   * first, then anywhere; communes by population. `unknownCode` when a code names nothing.
   */
  search(q: string, limit = 10): { parts: AreaPart[]; unknownCode: boolean } {
    const raw = q.trim().toUpperCase();
    if (PART_CODE.test(raw)) {
      const kind: PartKind =
        raw.length === 5 ? 'commune' : raw.length === 9 ? 'epci' : 'departement';
      const part = this.part(kind, raw);
      return { parts: part ? [part] : [], unknownCode: !part };
    }
    const key = searchKey(q);
    if (key.length < 2) return { parts: [], unknownCode: false };
    const rank = (k: string) => (k === key ? 0 : k.startsWith(key) ? 1 : k.includes(key) ? 2 : -1);
    const found: { part: () => AreaPart; rank: number; weight: number }[] = [];
    for (const [code, d] of this.departements) {
      const r = rank(d.key);
      if (r >= 0) found.push({ part: () => this.part('departement', code)!, rank: r, weight: 3e7 });
    }
    for (const [code, e] of this.epci) {
      const r = rank(e.key);
      if (r >= 0) found.push({ part: () => this.part('epci', code)!, rank: r, weight: 2e7 });
    }
    for (const [code, c] of this.communes) {
      const r = rank(c.key);
      if (r >= 0)
        found.push({ part: () => this.part('commune', code)!, rank: r, weight: c.population });
    }
    found.sort((a, b) => a.rank - b.rank || b.weight - a.weight);
    return { parts: found.slice(0, limit).map((f) => f.part()), unknownCode: false };
  }
}
