import { describe, expect, it } from 'vitest';
import { importCircles, importGraph } from './import-graph.js';

/**
 * The layout issue #12 asked for, checked on the code as it is: no import circle, no feature's
 * domain reaching up into the HTTP layer, no foundation (db, shared) depending on a feature,
 * and views that only render (they may use shared words and pure formatting).
 */
const edges = importGraph();

/** Feature folders: everything under src/ but the foundations, the HTTP layer and the entries. */
const inFeature = (p: string) =>
  /^src\/[^/]+\//.test(p) && !/^src\/(http|shared|db|i18n|cloudflare|tools)\//.test(p);
/** A feature's delivery files: routes (HTML), API handlers and their OpenAPI description. */
const isDelivery = (p: string) => /(^|[-/])(routes|api|openapi)\.tsx?$/.test(p);

describe('import structure', () => {
  it('reads every source file (the check itself works)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges.some((e) => e.from === 'src/app.tsx' && e.to === 'src/http/errors.ts')).toBe(true);
  });

  it('has no import circle, type imports included', () => {
    expect(importCircles(edges)).toEqual([]);
  });

  it('finds a circle when there is one (the detector can fail)', () => {
    const circle = [
      { from: 'a.ts', to: 'b.ts', typeOnly: false },
      { from: 'b.ts', to: 'c.ts', typeOnly: true },
      { from: 'c.ts', to: 'a.ts', typeOnly: false },
      { from: 'c.ts', to: 'd.ts', typeOnly: false },
    ];
    expect(importCircles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps domain code out of the HTTP layer: only routes and API files import src/http/', () => {
    const upward = edges
      .filter((e) => inFeature(e.from) && !isDelivery(e.from) && e.to.startsWith('src/http/'))
      .map((e) => `${e.from} -> ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('keeps the foundations (db, shared) free of features (but their types) and of the HTTP layer', () => {
    const wrong = edges
      .filter(
        (e) =>
          /^src\/(db|shared)\//.test(e.from) &&
          ((inFeature(e.to) && !e.typeOnly) || e.to.startsWith('src/http/')),
      )
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it("assembles the words from the features' word tables, which import nothing back", () => {
    const wrong = edges
      .filter(
        (e) =>
          (e.from.startsWith('src/i18n/') && inFeature(e.to) && !e.to.endsWith('/messages.ts')) ||
          (e.from.endsWith('/messages.ts') && inFeature(e.from) && !e.typeOnly),
      )
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('keeps views pure: no HTTP layer, no routes, no domain or queries behind them', () => {
    const wrong = edges
      .filter(
        (e) =>
          e.from.startsWith('views/') &&
          !e.typeOnly &&
          (e.to.startsWith('src/http/') ||
            (inFeature(e.to) && (isDelivery(e.to) || /(domain|queries)\.tsx?$/.test(e.to)))),
      )
      .map((e) => `${e.from} -> ${e.to}`);
    expect(wrong).toEqual([]);
  });
});
