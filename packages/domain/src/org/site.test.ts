import { describe, expect, it } from 'vitest';
import { AtscaleError } from '../errors.js';
import {
  checkSite,
  isSiteService,
  SITE_SERVICE_LABELS,
  SITE_SERVICES,
  siteProblems,
  type SiteDetails,
} from './site.js';

const site: SiteDetails = {
  name: ' Lordswood Surgery ',
  addressLines: ['54 Lordswood Road', '', 'Harborne'],
  postcode: 'b17 9de',
  latitude: 52.4636,
  longitude: -1.9661,
  cqcLocationId: '1-199703562',
  services: ['ecg', 'open-access-phlebotomy', 'ecg'],
};

function errorOf(act: () => unknown): AtscaleError {
  try {
    act();
  } catch (error) {
    if (error instanceof AtscaleError) return error;
    throw error;
  }
  throw new Error('expected an AtscaleError');
}

const fields = (details: Partial<SiteDetails>) =>
  siteProblems({ ...site, ...details }).map((problem) => problem.field);

describe('site services', () => {
  it('labels every service, and knows only those', () => {
    expect(Object.keys(SITE_SERVICE_LABELS).sort()).toEqual([...SITE_SERVICES].sort());
    expect(isSiteService('open-access-phlebotomy')).toBe(true);
    expect(isSiteService('brain-surgery')).toBe(false);
  });
});

describe('checking a site', () => {
  it('writes good details the standard way', () => {
    expect(checkSite(site)).toEqual({
      name: 'Lordswood Surgery',
      addressLines: ['54 Lordswood Road', 'Harborne'],
      postcode: 'B17 9DE',
      latitude: 52.4636,
      longitude: -1.9661,
      cqcLocationId: '1-199703562',
      services: ['open-access-phlebotomy', 'ecg'],
    });
  });

  it('needs only a name: the rest may be recorded later', () => {
    expect(
      checkSite({
        name: 'Hub',
        addressLines: [],
        postcode: ' ',
        latitude: null,
        longitude: null,
        cqcLocationId: '',
        services: [],
      }),
    ).toEqual({
      name: 'Hub',
      addressLines: [],
      postcode: null,
      latitude: null,
      longitude: null,
      cqcLocationId: null,
      services: [],
    });
  });

  it('names the field of each problem', () => {
    expect(fields({ name: '  ' })).toEqual(['/name']);
    expect(fields({ postcode: 'B17' })).toEqual(['/postcode']);
    expect(fields({ cqcLocationId: '1-123' })).toEqual(['/cqcLocationId']);
    expect(fields({ cqcLocationId: 'RXK01' })).toEqual(['/cqcLocationId']);
    expect(fields({ services: ['ecg', 'brain-surgery'] })).toEqual(['/services/1']);
    expect(fields({ addressLines: ['x'.repeat(101)] })).toEqual(['/addressLines/0']);
    expect(fields({ addressLines: ['1', '2', '3', '4', '5'] })).toEqual(['/addressLines/4']);
  });

  it('takes latitude and longitude together or not at all', () => {
    expect(fields({ longitude: null })).toEqual(['/longitude']);
    expect(fields({ latitude: null })).toEqual(['/latitude']);
    expect(fields({ latitude: null, longitude: null })).toEqual([]);
  });

  it('refuses a position off the globe, or outside the UK (often the two swapped)', () => {
    expect(fields({ latitude: 91 })).toEqual(['/latitude']);
    expect(fields({ longitude: -181 })).toEqual(['/longitude']);
    expect(fields({ latitude: Number.NaN })).toEqual(['/latitude']);
    const swapped = siteProblems({ ...site, latitude: -1.9661, longitude: 52.4636 });
    expect(swapped.map((problem) => problem.field)).toEqual(['/latitude', '/longitude']);
    expect(swapped[0]?.message).toMatch(/wrong way round/);
    expect(fields({ latitude: 49.91, longitude: -6.31 })).toEqual([]); // St Mary's, Scilly
    expect(fields({ latitude: 60.15, longitude: -1.15 })).toEqual([]); // Lerwick
  });

  it('throws one validation error naming every failing field', () => {
    const error = errorOf(() =>
      checkSite({ ...site, postcode: 'nope', latitude: 52.4, longitude: null }),
    );
    expect(error.code).toBe('validation-failed');
    expect(error.errors.map((problem) => problem.field)).toEqual(['/postcode', '/longitude']);
    expect(error.detail).toContain('postcode');
    const single = errorOf(() => checkSite({ ...site, cqcLocationId: '12345' }));
    expect(single.detail).toMatch(/^cqcLocationId: /);
  });
});
