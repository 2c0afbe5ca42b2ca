/** A point on the Earth in decimal degrees (WGS84, as maps and the NHS's own site data use). */
export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

/** Something that may have a position, such as a site whose coordinates are not recorded yet. */
export interface MaybePlaced {
  readonly latitude: number | null;
  readonly longitude: number | null;
}

/** The Earth's mean radius in kilometres (IUGG), the usual radius for the haversine formula. */
export const EARTH_MEAN_RADIUS_KM = 6371.0088;

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/**
 * The great-circle distance in kilometres between two points (the haversine formula). It is
 * the distance as the crow flies: travel by road between two sites is longer, typically by a
 * third in towns, but the order of sites by distance is the same, which is what a rota needs
 * when it asks who is nearest.
 */
export function distanceKm(from: Coordinates, to: Coordinates): number {
  const dLatitude = radians(to.latitude - from.latitude);
  const dLongitude = radians(to.longitude - from.longitude);
  const a =
    Math.sin(dLatitude / 2) ** 2 +
    Math.cos(radians(from.latitude)) *
      Math.cos(radians(to.latitude)) *
      Math.sin(dLongitude / 2) ** 2;
  // min() guards against rounding taking `a` a hair above 1 for points on opposite sides.
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The distance in kilometres between two sites, or null when either has no coordinates. */
export function distanceBetweenSitesKm(from: MaybePlaced, to: MaybePlaced): number | null {
  if (from.latitude === null || from.longitude === null) return null;
  if (to.latitude === null || to.longitude === null) return null;
  return distanceKm(
    { latitude: from.latitude, longitude: from.longitude },
    { latitude: to.latitude, longitude: to.longitude },
  );
}
