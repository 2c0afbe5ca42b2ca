import { SITE_SERVICES } from '@atscale/domain';
import type { SiteFields } from '../../api/organisation';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { refusalItems } from '../../forms/error-items';

/** The site form's fields as typed: text, with services as the ticked values. */
export interface SiteFormInput {
  name: string;
  addressLines: readonly string[];
  postcode: string;
  latitude: string;
  longitude: string;
  cqcLocationId: string;
  services: readonly string[];
  isMain: boolean;
}

/** A site form read for sending, or the fields that need fixing first. */
export type SiteFormResult =
  { ok: true; site: SiteFields } | { ok: false; errors: { field: string; message: string }[] };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function coordinate(text: string): number | null | 'invalid' {
  const value = text.trim();
  if (value === '') return null;
  return DECIMAL.test(value) ? Number(value) : 'invalid';
}

/**
 * Reads the site form. Only what the browser must know before sending is checked here (a
 * name, and that a latitude or longitude is a decimal number); the server checks the rest
 * and names the field, as it would for any other client.
 */
export function readSiteForm(input: SiteFormInput): SiteFormResult {
  const errors: { field: string; message: string }[] = [];
  const name = input.name.trim();
  if (name === '') errors.push({ field: 'name', message: 'Enter the site’s name' });
  const latitude = coordinate(input.latitude);
  const longitude = coordinate(input.longitude);
  if (latitude === 'invalid') {
    errors.push({ field: 'latitude', message: 'Latitude must be a number, like 52.4862' });
  }
  if (longitude === 'invalid') {
    errors.push({ field: 'longitude', message: 'Longitude must be a number, like -1.8904' });
  }
  if (errors.length > 0 || latitude === 'invalid' || longitude === 'invalid') {
    return { ok: false, errors };
  }
  const blankAsNull = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    ok: true,
    site: {
      name,
      addressLines: input.addressLines.map((line) => line.trim()).filter((line) => line !== ''),
      postcode: blankAsNull(input.postcode),
      latitude,
      longitude,
      cqcLocationId: blankAsNull(input.cqcLocationId),
      services: SITE_SERVICES.filter((service) => input.services.includes(service)),
      ...(input.isMain ? { isMain: true } : {}),
    },
  };
}

/**
 * The id of the form control a field names, for a site form whose controls' ids start with
 * `prefix`: `body/postcode` or `postcode` is `${prefix}-postcode`, `body/addressLines/1` the
 * second address line, `body/services/0` the first service's box.
 */
export function siteFieldId(prefix: string, field: string): string {
  const parts = field.replace(/^body\//, '').split('/');
  const [name = '', index] = parts;
  if (name === 'addressLines') return `${prefix}-address-${String(Number(index ?? 0) + 1)}`;
  if (name === 'services') return `${prefix}-services-${SITE_SERVICES[0]}`;
  if (name === '') return `${prefix}-name`;
  return `${prefix}-${name}`;
}

/**
 * How the organisation's forms show a failed request: one error summary item per field the
 * server named, linked to the control `idFor` gives, or the problem's detail (or why no answer
 * came) linked to `fallbackId`.
 */
export const refusedItems =
  (idFor: (field: string) => string, fallbackId: string) =>
  (error: unknown): ErrorSummaryItem[] =>
    refusalItems(error, {
      hrefFor: (field) => `#${idFor(field)}`,
      fallbackHref: `#${fallbackId}`,
      // Schema messages such as "must NOT have more than 4 items" read better as sentences.
      text: ({ message }, problem) =>
        message === '' ? problem.detail : message.charAt(0).toUpperCase() + message.slice(1),
    });
