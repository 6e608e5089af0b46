import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/shared/batcher.js';

describe('Batcher', () => {
  it('gathers the callers of one moment into one run, and those who come during it into the next', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher(async (items: number[]) => {
      runs.push(items);
      if (runs.length === 1) await gate;
      return items.map((i) => i * 10);
    });
    const first = [b.add(1), b.add(2), b.add(3)];
    await new Promise((r) => setTimeout(r, 5));
    const later = [b.add(4), b.add(5)]; // while the first run waits
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    // idle again: a new caller starts a run of its own
    expect(await b.add(6)).toBe(60);
    expect(runs).toHaveLength(3);
  });

  it("gives a run's error to each of its callers, and the next run still goes", async () => {
    let fail = true;
    const b = new Batcher(async (items: string[]) => {
      if (fail) throw new Error('down');
      return items.map((s) => s.toUpperCase());
    });
    const both = [b.add('a'), b.add('b')].map((p) => p.catch((e: Error) => e.message));
    expect(await Promise.all(both)).toEqual(['down', 'down']);
    fail = false;
    expect(await b.add('c')).toBe('C');
  });
});
