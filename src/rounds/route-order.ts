// The order of a round's stops: a simple nearest-next route from the start, with the pickup
// windows kept where they can be. No map data: distances are great-circle km times a road factor,
// at a town driving speed, with a few minutes at each shop. Pure: the caller gives the clock.

/** Roads are longer than the straight line: a town's usual detour. */
export const ROAD_FACTOR = 1.3;
/** Average speed in town, stops at lights included (km/h). */
export const TOWN_KMH = 25;
/** Time at each shop: the handover, the weighing, loading the car (minutes). */
export const STOP_MINUTES = 10;

export interface Place {
  lat: number;
  lng: number;
}

export interface RouteStop extends Place {
  id: number;
  /** its pickup window */
  from: Date;
  until: Date;
}

export interface PlannedStop<S extends RouteStop> {
  stop: S;
  /** when the car is planned there (waiting for the window to open if early) */
  at: Date;
  /** the window is over before the car can be there: the driver is told, the stop is last */
  late: boolean;
  /** taken before a nearer stop, whose window would otherwise be missed */
  moved: boolean;
}

/** Great-circle distance in km (the same sphere as the SQL distanceKm, 6,371 km). */
export function kmBetween(a: Place, b: Place) {
  const rad = (x: number) => (x * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Driving time from a to b, in ms. */
export const driveMs = (a: Place, b: Place) =>
  ((kmBetween(a, b) * ROAD_FACTOR) / TOWN_KMH) * 3_600_000;

const arrival = (from: Place, leave: number, s: RouteStop) =>
  Math.max(leave + driveMs(from, s), s.from.getTime());

const nearest = <S extends RouteStop>(from: Place, stops: S[]) =>
  stops.reduce((best, s) => (kmBetween(from, s) < kmBetween(from, best) ? s : best));

/**
 * Nearest next, windows first: from where the car is, the nearest stop it can still reach in its
 * window; but when going there would make another stop miss a window it could still make, that
 * stop (the one whose window ends first) is taken before, and marked moved. Stops no order can
 * reach in time go last, nearest next, marked late. Ties keep the order given.
 */
export function planRound<S extends RouteStop>(
  start: Place,
  stops: S[],
  departAt: Date,
): PlannedStop<S>[] {
  const out: PlannedStop<S>[] = [];
  let left = [...stops];
  let pos: Place = start;
  let leave = departAt.getTime();
  while (left.length) {
    const reachable = left.filter((s) => arrival(pos, leave, s) <= s.until.getTime());
    let next: S;
    let moved = false;
    if (reachable.length) {
      next = nearest(pos, reachable);
      const after = arrival(pos, leave, next) + STOP_MINUTES * 60_000;
      const endangered = reachable.filter(
        (s) => s !== next && arrival(next, after, s) > s.until.getTime(),
      );
      if (endangered.length) {
        next = endangered.reduce((a, b) => (b.until.getTime() < a.until.getTime() ? b : a));
        moved = true;
      }
    } else next = nearest(pos, left);
    const at = arrival(pos, leave, next);
    out.push({ stop: next, at: new Date(at), late: at > next.until.getTime(), moved });
    left = left.filter((s) => s !== next);
    pos = next;
    leave = at + STOP_MINUTES * 60_000;
  }
  return out;
}
