import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceBetweenSitesKm, distanceKm, EARTH_MEAN_RADIUS_KM } from './distance.js';

const birminghamNewStreet = { latitude: 52.4778, longitude: -1.899 };
const londonEuston = { latitude: 51.5282, longitude: -0.1337 };

describe('distance between sites', () => {
  it('measures the great-circle distance in kilometres', () => {
    expect(distanceKm(birminghamNewStreet, londonEuston)).toBeCloseTo(160.47, 1);
    // One degree of latitude, and the equator to the pole: a quarter of the circumference.
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(
      111.195,
      2,
    );
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 90, longitude: 0 })).toBeCloseTo(
      (Math.PI * EARTH_MEAN_RADIUS_KM) / 2,
      6,
    );
  });

  it('is zero from a site to itself, and across the date line the short way round', () => {
    expect(distanceKm(londonEuston, londonEuston)).toBe(0);
    const west = { latitude: 0, longitude: 179.5 };
    const east = { latitude: 0, longitude: -179.5 };
    expect(distanceKm(west, east)).toBeCloseTo(111.195, 2);
  });

  it('has no distance to a site whose coordinates are not recorded', () => {
    const unplaced = { latitude: null, longitude: null };
    expect(distanceBetweenSitesKm(birminghamNewStreet, unplaced)).toBeNull();
    expect(distanceBetweenSitesKm(unplaced, londonEuston)).toBeNull();
    expect(distanceBetweenSitesKm(birminghamNewStreet, londonEuston)).toBeCloseTo(160.47, 1);
  });

  it('is symmetric, never negative, at most half way round, and keeps the triangle inequality', () => {
    const point = fc.record({
      latitude: fc.double({ min: -90, max: 90, noNaN: true }),
      longitude: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    // Haversine is ill-conditioned near antipodal points (asin of a value near 1), where it
    // loses about a centimetre: a metre of slack is far below anything a rota cares about.
    const slack = 1e-3;
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        const ab = distanceKm(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.PI * EARTH_MEAN_RADIUS_KM + slack);
        expect(Math.abs(ab - distanceKm(b, a))).toBeLessThan(1e-6);
        expect(distanceKm(a, c)).toBeLessThanOrEqual(ab + distanceKm(b, c) + slack);
      }),
    );
  });
});
