import { SITE_SERVICE_LABELS, type SiteService } from '../org/site.js';

// Skills that are also site services keep the services' words, so a session at a site that
// offers a service asks for the skill of the same name.
const SHARED_WITH_SERVICES = [
  'minor-surgery',
  'msk',
  'coil-fitting',
  'contraceptive-implants',
  'spirometry',
  'phlebotomy',
  'ecg',
  'anticoagulation',
  'ear-care',
  'dermatology',
  'childhood-immunisations',
  'travel-vaccinations',
  'wound-care',
] as const satisfies readonly SiteService[];

const OWN_SKILLS = [
  'triage',
  'chronic-disease-management',
  'prescribing',
  'home-visits',
  'mental-health',
  'palliative-care',
  'training',
  'cervical-screening',
] as const;

/** What a member of staff can do beyond their role: what a rota session may ask for. */
export const STAFF_SKILLS = [...SHARED_WITH_SERVICES, ...OWN_SKILLS] as const;

/** One skill. */
export type StaffSkill = (typeof STAFF_SKILLS)[number];

/** Human-readable names of the skills. */
export const STAFF_SKILL_LABELS: Readonly<Record<StaffSkill, string>> = {
  'minor-surgery': SITE_SERVICE_LABELS['minor-surgery'],
  msk: SITE_SERVICE_LABELS.msk,
  'coil-fitting': SITE_SERVICE_LABELS['coil-fitting'],
  'contraceptive-implants': SITE_SERVICE_LABELS['contraceptive-implants'],
  spirometry: SITE_SERVICE_LABELS.spirometry,
  phlebotomy: 'Phlebotomy',
  ecg: SITE_SERVICE_LABELS.ecg,
  anticoagulation: 'Anticoagulation',
  'ear-care': SITE_SERVICE_LABELS['ear-care'],
  dermatology: SITE_SERVICE_LABELS.dermatology,
  'childhood-immunisations': SITE_SERVICE_LABELS['childhood-immunisations'],
  'travel-vaccinations': SITE_SERVICE_LABELS['travel-vaccinations'],
  'wound-care': SITE_SERVICE_LABELS['wound-care'],
  triage: 'Triage',
  'chronic-disease-management': 'Chronic disease management',
  prescribing: 'Independent prescribing',
  'home-visits': 'Home visits',
  'mental-health': 'Mental health',
  'palliative-care': 'Palliative care',
  training: 'GP training (trainer)',
  'cervical-screening': 'Cervical screening',
};

/** True when the text names a known skill. */
export function isStaffSkill(value: string): value is StaffSkill {
  return (STAFF_SKILLS as readonly string[]).includes(value);
}
