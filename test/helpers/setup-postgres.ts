import postgres from 'postgres';
import { openPostgres } from '../../src/db/postgres.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export function templateName(url: string) {
  return `${new URL(url).pathname.slice(1) || 'test'}_template`;
}

/** Migrate a template database once; each test file gets a copy (CREATE DATABASE ... TEMPLATE). */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL!;
  const tpl = templateName(url);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${tpl}"`);
  await admin.unsafe(`create database "${tpl}"`);
  const u = new URL(url);
  u.pathname = `/${tpl}`;
  const { db, close } = openPostgres(u.toString(), { max: 1 });
  await migrateToLatest(db);
  await close();
  await admin.end();
  return async () => {
    const a = postgres(url, { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists "${tpl}"`);
    await a.end();
  };
}
