// src/shared/rpc-thread.ts: work on a worker thread, answered by id; a thread that does not
// answer in time is ended and its calls refused; a thread that died is made again; after close()
// nothing starts a thread again.
import { describe, expect, it } from 'vitest';
import { RpcThread } from '../../src/shared/rpc-thread.js';

const CODE = `
async function handle(input) {
  if (input.hang) return new Promise(() => {});
  if (input.fail) throw new Error('asked to fail');
  if (input.exit) process.exit(3);
  return { twice: input.n * 2, from: workerData.tag };
}`;

describe('a call on a worker thread', () => {
  it('answers each call by its id, with the thread’s own error message', async () => {
    const t = new RpcThread<any, any>('test', CODE, { tag: 'x' });
    try {
      const answers = await Promise.all([1, 2, 3].map((n) => t.call({ n })));
      expect(answers).toEqual([1, 2, 3].map((n) => ({ twice: n * 2, from: 'x' })));
      await expect(t.call({ fail: true })).rejects.toThrow('asked to fail');
      expect(await t.call({ n: 5 })).toEqual({ twice: 10, from: 'x' });
    } finally {
      await t.close();
    }
  });

  it('a call not answered in time is refused and ends the thread; the next call has a new one', async () => {
    const t = new RpcThread<any, any>('test', CODE, { tag: 'y' }, 300);
    try {
      await expect(t.call({ hang: true })).rejects.toThrow('did not answer in 300 ms');
      expect(await t.call({ n: 1 })).toEqual({ twice: 2, from: 'y' });
      // a thread that exits under a call: refused, then replaced
      await expect(t.call({ exit: true })).rejects.toThrow('thread stopped (3)');
      expect(await t.call({ n: 2 })).toEqual({ twice: 4, from: 'y' });
    } finally {
      await t.close();
    }
  });

  it('after close() every call is refused and no thread starts', async () => {
    const t = new RpcThread<any, any>('test', CODE, { tag: 'z' });
    expect(await t.call({ n: 1 })).toEqual({ twice: 2, from: 'z' });
    const waiting = t.call({ hang: true }).catch((e: Error) => e);
    await t.close();
    expect(String(await waiting)).toContain('test thread closed');
    await expect(t.call({ n: 1 })).rejects.toThrow('test thread closed');
    expect((t as any).worker).toBeNull();
  });
});
