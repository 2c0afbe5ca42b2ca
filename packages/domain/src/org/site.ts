import { AtscaleError, type FieldProblem } from '../errors.js';
import { normalisePostcode, postcodeProblem } from './postcode.js';

/**
 * Services a site may offer beyond routine GP and nurse appointments: what the rota, the hub
 * and the booking screens ask "where can this be done?" of. Open-access phlebotomy is MMP's
 * walk-in blood test hubs (source 001, ACC-6); MSK assessment and a geriatric opinion are the
 * extras the Gosport hub offers (001).
 */
export const SITE_SERVICES = [
  'open-access-phlebotomy',
  'phlebotomy',
  'minor-surgery',
  'coil-fitting',
  'contraceptive-implants',
  'msk',
  'physiotherapy',
  'geriatric-assessment',
  'spirometry',
  'ecg',
  'ambulatory-blood-pressure',
  'anticoagulation',
  'ear-care',
  'dermatology',
  'childhood-immunisations',
  'travel-vaccinations',
  'wound-care',
  'dispensing',
  'extended-hours',
  'telephone-triage',
  'call-centre',
] as const;

/** One service a site offers. */
export type SiteService = (typeof SITE_SERVICES)[number];

/** Human-readable names of the services. */
export const SITE_SERVICE_LABELS: Readonly<Record<SiteService, string>> = {
  'open-access-phlebotomy': 'Open-access phlebotomy (walk-in blood tests)',
  phlebotomy: 'Phlebotomy by appointment',
  'minor-surgery': 'Minor surgery',
  'coil-fitting': 'Coil fitting',
  'contraceptive-implants': 'Contraceptive implants',
  msk: 'MSK (musculoskeletal) assessment',
  physiotherapy: 'Physiotherapy',
  'geriatric-assessment': 'Geriatric assessment',
  spirometry: 'Spirometry',
  ecg: 'ECG',
  'ambulatory-blood-pressure': '24-hour blood pressure monitoring',
  anticoagulation: 'Anticoagulation clinic',
  'ear-care': 'Ear care (microsuction)',
  dermatology: 'Dermatology and dermatoscopy',
  'childhood-immunisations': 'Childhood immunisations',
  'travel-vaccinations': 'Travel vaccinations',
  'wound-care': 'Wound care',
  dispensing: 'Dispensing',
  'extended-hours': 'Extended hours (evenings and weekends)',
  'telephone-triage': 'Telephone and video triage',
  'call-centre': 'Call centre',
};

/** True when the text names a known site service. */
export function isSiteService(value: string): value is SiteService {
  return (SITE_SERVICES as readonly string[]).includes(value);
}

/** A site's details as entered: the fields {@link checkSite} checks. */
export interface SiteDetails {
  readonly name: string;
  /** Up to four lines above the postcode. */
  readonly addressLines: readonly string[];
  readonly postcode: string | null;
  /** Decimal degrees; recorded together with the longitude, or neither is. */
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** The site's CQC location id, such as 1-123456789. */
  readonly cqcLocationId: string | null;
  readonly services: readonly string[];
}

/** A site's details once checked and written the standard way. */
export interface CheckedSite {
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly postcode: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly cqcLocationId: string | null;
  /** Known services, each once, in the order of {@link SITE_SERVICES}. */
  readonly services: readonly SiteService[];
}

/** Most address lines a site keeps above its postcode (the site table has four). */
export const SITE_ADDRESS_LINES = 4;

const NAME_MAX = 120;
const ADDRESS_LINE_MAX = 100;

/** CQC location ids: "1-" and 6 to 12 digits; the same rule is the site table's check. */
const CQC_LOCATION_ID = /^1-[0-9]{6,12}$/;

/**
 * Every site in atscale is in the United Kingdom, so a position outside it is a mistake,
 * most often latitude and longitude typed the wrong way round. The box holds the whole UK,
 * from the Scilly Isles to Shetland and from Lowestoft to Northern Ireland.
 */
const UK = { south: 49.8, north: 60.9, west: -8.7, east: 1.9 } as const;

const blank = (value: string | null): boolean => value === null || value.trim() === '';

function coordinateProblems(latitude: number | null, longitude: number | null): FieldProblem[] {
  if (latitude === null && longitude === null) return [];
  if (latitude === null) {
    return [{ field: '/latitude', message: 'Enter the latitude as well as the longitude' }];
  }
  if (longitude === null) {
    return [{ field: '/longitude', message: 'Enter the longitude as well as the latitude' }];
  }
  const problems: FieldProblem[] = [];
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
    problems.push({ field: '/latitude', message: 'Latitude must be between -90 and 90 degrees' });
  }
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    problems.push({
      field: '/longitude',
      message: 'Longitude must be between -180 and 180 degrees',
    });
  }
  if (problems.length > 0) return problems;
  const inUk =
    latitude >= UK.south && latitude <= UK.north && longitude >= UK.west && longitude <= UK.east;
  if (!inUk) {
    const message =
      'The position is outside the United Kingdom: check the latitude (about 50 to 60) and the longitude (about -8 to 2) are not the wrong way round';
    problems.push({ field: '/latitude', message }, { field: '/longitude', message });
  }
  return problems;
}

/**
 * What is wrong with a site's details, one problem per field named as a JSON pointer
 * (`/postcode`, `/services/2`); empty when they may be saved.
 */
export function siteProblems(site: SiteDetails): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const name = site.name.trim();
  if (name === '') problems.push({ field: '/name', message: 'Enter the site’s name' });
  else if (name.length > NAME_MAX) {
    problems.push({ field: '/name', message: `A site name has at most ${NAME_MAX} characters` });
  }
  const lines = site.addressLines.map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length > SITE_ADDRESS_LINES) {
    problems.push({
      field: `/addressLines/${SITE_ADDRESS_LINES}`,
      message: `An address has at most ${SITE_ADDRESS_LINES} lines above the postcode`,
    });
  }
  site.addressLines.forEach((line, index) => {
    if (line.trim().length > ADDRESS_LINE_MAX) {
      problems.push({
        field: `/addressLines/${index}`,
        message: `An address line has at most ${ADDRESS_LINE_MAX} characters`,
      });
    }
  });
  if (!blank(site.postcode)) {
    const problem = postcodeProblem(site.postcode ?? '');
    if (problem) problems.push({ field: '/postcode', message: problem });
  }
  problems.push(...coordinateProblems(site.latitude, site.longitude));
  if (!blank(site.cqcLocationId) && !CQC_LOCATION_ID.test((site.cqcLocationId ?? '').trim())) {
    problems.push({
      field: '/cqcLocationId',
      message: 'A CQC location id is 1- and 6 to 12 digits, like 1-123456789',
    });
  }
  site.services.forEach((service, index) => {
    if (!isSiteService(service)) {
      problems.push({ field: `/services/${index}`, message: `${service} is not a known service` });
    }
  });
  return problems;
}

/**
 * Checks a site's details and writes them the standard way: trimmed, blank lines and fields
 * dropped, the postcode in capitals with one space, services once each in catalogue order.
 * Throws validation-failed naming every failing field.
 */
export function checkSite(site: SiteDetails): CheckedSite {
  const problems = siteProblems(site);
  if (problems.length > 0) {
    const [first] = problems;
    const detail =
      problems.length === 1 && first
        ? `${first.field.slice(1)}: ${first.message}`
        : `The site has ${problems.length} problems: ${problems.map((p) => p.field.slice(1)).join(', ')}`;
    throw new AtscaleError('validation-failed', detail, problems);
  }
  const postcode = blank(site.postcode) ? null : normalisePostcode(site.postcode ?? '');
  const cqcLocationId = blank(site.cqcLocationId) ? null : (site.cqcLocationId ?? '').trim();
  const chosen = new Set(site.services);
  return {
    name: site.name.trim(),
    addressLines: site.addressLines.map((line) => line.trim()).filter((line) => line !== ''),
    postcode,
    latitude: site.latitude,
    longitude: site.longitude,
    cqcLocationId,
    services: SITE_SERVICES.filter((service) => chosen.has(service)),
  };
}
