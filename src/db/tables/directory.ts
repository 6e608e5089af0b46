import type { Generated } from 'kysely';
import type { GeneratedTimestamp } from './columns.js';

export type DirectoryLocation = 'none' | 'commune' | 'address';

/** Migration 0032: what an organisation shows of itself in its territory's public directory. */
export interface DirectoryEntriesTable {
  organisation_id: number;
  /** false (the default): nothing of it is public; for a territory, its page is not published */
  listed: Generated<boolean>;
  show_name: Generated<boolean>;
  show_kind: Generated<boolean>;
  /** nowhere; its commune and a point rounded to 2 decimals (about 1 km); or its address */
  location: Generated<DirectoryLocation>;
  /** what an association does for people */
  serves_grocery: Generated<boolean>;
  serves_parcels: Generated<boolean>;
  serves_meals: Generated<boolean>;
  serves_other: Generated<boolean>;
  hours: string | null;
  /** null: not said */
  new_beneficiaries: boolean | null;
  /** a public contact typed for the directory (E.164), never a person's */
  phone: string | null;
  email: string | null;
  website: string | null;
  /** a shop says it gives (a donation in the last months) */
  show_giving: Generated<boolean>;
  updated_at: GeneratedTimestamp;
}
