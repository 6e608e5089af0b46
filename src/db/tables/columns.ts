import type { ColumnType } from 'kysely';

/** Timestamps come back as Date from both drivers; we write Date or ISO strings. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, string, string>;
/** numeric columns come back as numbers; we write numbers or exact decimal strings. */
export type Numeric = ColumnType<number, number | string, number | string>;
