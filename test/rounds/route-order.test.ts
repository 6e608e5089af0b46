import { describe, expect, it } from 'vitest';
import {
  driveMs,
  kmBetween,
  planRound,
  STOP_MINUTES,
  type RouteStop,
} from '../../src/rounds/route-order.js';

const START = { lat: 45.7676, lng: 4.8344 };
const T0 = new Date('2026-11-27T08:00:00Z');
const MIN = 60_000;
/** A point `km` north (negative: south) of the start. */
const north = (km: number) => ({ lat: START.lat + km / 111.195, lng: START.lng });
const stop = (id: number, km: number, fromMin: number, untilMin: number): RouteStop => ({
  id,
  ...north(km),
  from: new Date(T0.getTime() + fromMin * MIN),
  until: new Date(T0.getTime() + untilMin * MIN),
});

describe('distances and times', () => {
  it('a km north is a km, driven in 3.12 minutes (road factor 1.3 at 25 km/h)', () => {
    expect(kmBetween(START, north(1))).toBeCloseTo(1, 2);
    expect(driveMs(START, north(1)) / MIN).toBeCloseTo(3.12, 2);
  });
});

describe('planRound: nearest next, windows kept', () => {
  const cases: {
    name: string;
    stops: RouteStop[];
    order: number[];
    late?: number[];
    moved?: number[];
  }[] = [
    {
      name: 'wide windows: nearest first, then nearest from there',
      stops: [stop(1, 1, 0, 240), stop(2, 3, 0, 240), stop(3, 2, 0, 240)],
      order: [1, 3, 2],
    },
    {
      name: 'the nearest from the last stop, not from the start',
      stops: [stop(1, 1, 0, 240), stop(2, -1.5, 0, 240), stop(3, 2, 0, 240)],
      order: [1, 3, 2],
    },
    {
      name: 'a window that the nearest-first order would miss is taken first (moved)',
      // A at 1 km north; B 3 km south must be reached within 15 min: via A it is 25.6 min
      stops: [stop(1, 1, 0, 240), stop(2, -3, 0, 15)],
      order: [2, 1],
      moved: [2],
    },
    {
      name: 'a window no order can make goes last, flagged late',
      stops: [stop(1, 5, 0, 5), stop(2, 1, 0, 240), stop(3, 2, 0, 240)],
      order: [2, 3, 1],
      late: [1],
    },
    {
      name: 'ties keep the order given',
      stops: [stop(7, 1, 0, 240), stop(4, 1, 0, 240)],
      order: [7, 4],
    },
    { name: 'nothing to plan', stops: [], order: [] },
  ];

  it.each(cases)('$name', ({ stops, order, late = [], moved = [] }) => {
    const plan = planRound(START, stops, T0);
    expect(plan.map((p) => p.stop.id)).toEqual(order);
    expect(plan.filter((p) => p.late).map((p) => p.stop.id)).toEqual(late);
    expect(plan.filter((p) => p.moved).map((p) => p.stop.id)).toEqual(moved);
  });

  it('waits for a window that opens later, and counts the time at each shop', () => {
    const plan = planRound(START, [stop(1, 1, 0, 240), stop(2, 2, 60, 240)], T0);
    expect((plan[0].at.getTime() - T0.getTime()) / MIN).toBeCloseTo(3.12, 1);
    // the car is there at 16 min (3.1 + 10 + 3.1) but the window opens at 60
    expect((plan[1].at.getTime() - T0.getTime()) / MIN).toBe(60);
    const noWait = planRound(START, [stop(1, 1, 0, 240), stop(2, 2, 0, 240)], T0);
    expect((noWait[1].at.getTime() - T0.getTime()) / MIN).toBeCloseTo(6.24 + STOP_MINUTES, 1);
  });

  it('a stop whose window ends right as the car comes is in time, a minute later it is late', () => {
    const arrive = driveMs(START, north(2)) / MIN;
    expect(planRound(START, [stop(1, 2, 0, Math.ceil(arrive))], T0)[0].late).toBe(false);
    expect(planRound(START, [stop(1, 2, 0, Math.floor(arrive))], T0)[0].late).toBe(true);
  });
});
