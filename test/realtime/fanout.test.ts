import { describe, expect, it } from 'vitest';
import type { Hearer } from '../../src/realtime/audience.js';
import type { AppEvent, EventBus } from '../../src/realtime/bus.js';
import { MemoryBus } from '../../src/realtime/memory-bus.js';
import { eventText, fanoutOf } from '../../src/realtime/stream.js';

const hearer = (
  h: Partial<Record<'shopIds' | 'associationIds' | 'claimantIds', number[]>> & { all?: boolean },
): Hearer => ({
  all: h.all ?? false,
  shopIds: new Set(h.shopIds ?? []),
  associationIds: new Set(h.associationIds ?? []),
  claimantIds: new Set(h.claimantIds ?? []),
});

/** A bus that counts its subscribers. */
function countingBus() {
  const bus = new MemoryBus(10);
  let subscribers = 0;
  const counted: EventBus & { subscribers: () => number } = {
    publish: (e) => bus.publish(e),
    subscribe(fn) {
      subscribers++;
      const off = bus.subscribe(fn);
      return () => {
        subscribers--;
        off();
      };
    },
    subscribers: () => subscribers,
  };
  return counted;
}

const donation = (data: Record<string, unknown>) => ({
  type: 'donation.posted',
  data: { id: 1, shopId: 10, lat: 0, lng: 0, associationIds: [], claimedBy: null, ...data },
});

describe("the open pages' fan-out (one bus subscription per process)", () => {
  it('hands each event to the pages its audience names, once each, and to no other', async () => {
    const bus = countingBus();
    const fanout = fanoutOf(bus);
    const got = new Map<string, number[]>();
    const page = (name: string, h: Hearer) =>
      fanout.add(h, (e) => got.set(name, [...(got.get(name) ?? []), Number(e.data.id)]));
    const closes = [
      page('shop 10', hearer({ shopIds: [10] })),
      page('shop 11', hearer({ shopIds: [11] })),
      page('association 5 and 6', hearer({ associationIds: [5, 6], claimantIds: [5, 6] })),
      page('association 7', hearer({ associationIds: [7], claimantIds: [7] })),
      page('territory claimant 8', hearer({ claimantIds: [8] })),
      page('admin', hearer({ all: true })),
    ];
    expect(bus.subscribers()).toBe(1);
    await bus.publish(donation({ id: 1, shopId: 10, associationIds: [5, 6, 9] }));
    await bus.publish(donation({ id: 2, shopId: 11, associationIds: [7], claimedBy: 8 }));
    await bus.publish({ type: 'mail.queued', data: { id: 3 } }); // not a donation's: nobody
    expect(Object.fromEntries(got)).toEqual({
      'shop 10': [1],
      'shop 11': [2],
      'association 5 and 6': [1], // fits both: told once
      'association 7': [2],
      'territory claimant 8': [2],
      admin: [1, 2],
    });
    closes[2]();
    closes[2](); // twice is once
    await bus.publish(donation({ id: 4, shopId: 12, associationIds: [5] }));
    expect(got.get('association 5 and 6')).toEqual([1]);
    expect(got.get('admin')).toEqual([1, 2, 4]);
    for (const close of closes) close();
    expect(bus.subscribers()).toBe(0); // the last page gone, off the bus
  });

  it('a page whose listener throws does not keep the event from the others', async () => {
    const bus = countingBus();
    const fanout = fanoutOf(bus);
    const got: number[] = [];
    const off1 = fanout.add(hearer({ shopIds: [10] }), () => {
      throw new Error('broken page');
    });
    const off2 = fanout.add(hearer({ shopIds: [10] }), (e) => got.push(Number(e.data.id)));
    await bus.publish(donation({ id: 5, shopId: 10 }));
    expect(got).toEqual([5]);
    off1();
    off2();
  });

  it('words an event once for all its pages: its name with its id, then donation-changed', () => {
    const e: AppEvent = { id: 42, ...donation({ id: 7, shopId: 3, status: 'x', lat: 48.8 }) };
    const text = new TextDecoder().decode(eventText(e));
    expect(text).toBe(
      'event: donation-posted\ndata: {"id":7,"shopId":3,"status":"x"}\nid: 42\n\n' +
        'event: donation-changed\ndata: {"type":"donation.posted","id":7,"shopId":3,"status":"x"}\n\n',
    );
    expect(eventText(e)).toBe(eventText(e)); // the same bytes for every page
    expect(text).not.toContain('48.8'); // never where it is
  });
});
