// Plain geo math for courier tracking: no I/O, unit-tested on its own.

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function haversineKm(a: Point, b: Point): number {
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Speed between two timed points in km/h; null when no time passed (no meaningful speed). */
export function speedKmh(from: Point, fromAt: Date, to: Point, toAt: Date): number | null {
  const hours = (toAt.getTime() - fromAt.getTime()) / 3_600_000;
  if (hours <= 0) return null;
  return haversineKm(from, to) / hours;
}

/** Whole seconds to cover `distanceKm` at `kmh`, rounded up. */
export function travelSeconds(distanceKm: number, kmh: number): number {
  return Math.ceil((distanceKm / kmh) * 3600);
}
