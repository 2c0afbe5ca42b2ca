import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/problem';
import { readSiteForm, refusedItems, siteFieldId, type SiteFormInput } from './site-form-values';

const typed: SiteFormInput = {
  name: ' Riverside Annexe ',
  addressLines: ['2 Mill Lane', ' ', 'Harborne', ''],
  postcode: ' b17 9qn ',
  latitude: '52.4584',
  longitude: '-1.9512',
  cqcLocationId: '',
  services: ['ecg', 'open-access-phlebotomy'],
  isMain: false,
};

describe('reading the site form', () => {
  it('sends trimmed text, numbers for the position, and blanks as null', () => {
    expect(readSiteForm(typed)).toEqual({
      ok: true,
      site: {
        name: 'Riverside Annexe',
        addressLines: ['2 Mill Lane', 'Harborne'],
        postcode: 'b17 9qn',
        latitude: 52.4584,
        longitude: -1.9512,
        cqcLocationId: null,
        services: ['open-access-phlebotomy', 'ecg'],
      },
    });
    const main = readSiteForm({ ...typed, isMain: true, latitude: '', longitude: '' });
    expect(main).toMatchObject({ ok: true, site: { isMain: true, latitude: null } });
  });

  it('asks for a name, and decimal numbers for the position', () => {
    expect(readSiteForm({ ...typed, name: ' ', latitude: '52,45', longitude: 'west' })).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'Enter the site’s name' },
        { field: 'latitude', message: 'Latitude must be a number, like 52.4862' },
        { field: 'longitude', message: 'Longitude must be a number, like -1.8904' },
      ],
    });
  });

  it('leaves a latitude without a longitude to the server, which names the field', () => {
    expect(readSiteForm({ ...typed, longitude: '' })).toMatchObject({
      ok: true,
      site: { latitude: 52.4584, longitude: null },
    });
  });
});

describe('naming fields in the error summary', () => {
  it('links each field the server names to its control', () => {
    expect(siteFieldId('new-site', 'body/postcode')).toBe('new-site-postcode');
    expect(siteFieldId('new-site', 'latitude')).toBe('new-site-latitude');
    expect(siteFieldId('s1', 'body/addressLines/1')).toBe('s1-address-2');
    expect(siteFieldId('s1', 'body/services/3')).toBe('s1-services-open-access-phlebotomy');
  });

  it('turns a problem into summary items, or its detail when it names no field', () => {
    const refused = refusedItems((field) => siteFieldId('s', field), 's-name');
    expect(
      refused(
        new ApiError({
          type: 't',
          title: 'Bad',
          status: 400,
          code: 'validation-failed',
          detail: 'body/addressLines: must NOT have more than 4 items',
          errors: [
            { field: 'body/postcode', message: 'Enter a real UK postcode' },
            { field: 'body/addressLines', message: 'must NOT have more than 4 items' },
          ],
        }),
      ),
    ).toEqual([
      { text: 'Enter a real UK postcode', href: '#s-postcode' },
      { text: 'Must NOT have more than 4 items', href: '#s-address-1' },
    ]);
    expect(
      refused(
        new ApiError({
          type: 't',
          title: 'Conflict',
          status: 409,
          code: 'conflict',
          detail: 'A federation has no sites of its own',
        }),
      ),
    ).toEqual([{ text: 'A federation has no sites of its own', href: '#s-name' }]);
    expect(refused(new TypeError('Failed to fetch'))).toEqual([
      { text: 'Failed to fetch', href: '#s-name' },
    ]);
  });
});
