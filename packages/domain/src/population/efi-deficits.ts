/**
 * The 36 deficits of the electronic frailty index (eFI; Clegg et al., Age and Ageing 2016), in
 * the order and with the names issue 9 and DOMAIN.md (POP-1) give them. The ids are the keys
 * code lists are written against; the labels are what screens show.
 */
export const EFI_DEFICITS = [
  { id: 'activity-limitation', label: 'Activity limitation' },
  { id: 'anaemia', label: 'Anaemia' },
  { id: 'arthritis', label: 'Arthritis' },
  { id: 'atrial-fibrillation', label: 'Atrial fibrillation' },
  { id: 'cerebrovascular-disease', label: 'Cerebrovascular disease' },
  { id: 'chronic-kidney-disease', label: 'Chronic kidney disease' },
  { id: 'diabetes', label: 'Diabetes' },
  { id: 'dizziness', label: 'Dizziness' },
  { id: 'dyspnoea', label: 'Dyspnoea' },
  { id: 'falls', label: 'Falls' },
  { id: 'foot-problems', label: 'Foot problems' },
  { id: 'fragility-fracture', label: 'Fragility fracture' },
  { id: 'hearing-impairment', label: 'Hearing impairment' },
  { id: 'heart-failure', label: 'Heart failure' },
  { id: 'heart-valve-disease', label: 'Heart valve disease' },
  { id: 'housebound', label: 'Housebound' },
  { id: 'hypertension', label: 'Hypertension' },
  { id: 'hypotension-syncope', label: 'Hypotension/syncope' },
  { id: 'ischaemic-heart-disease', label: 'Ischaemic heart disease' },
  { id: 'memory-cognitive-problems', label: 'Memory and cognitive problems' },
  { id: 'mobility-transfer-problems', label: 'Mobility and transfer problems' },
  { id: 'osteoporosis', label: 'Osteoporosis' },
  { id: 'parkinsonism-tremor', label: 'Parkinsonism and tremor' },
  { id: 'peptic-ulcer', label: 'Peptic ulcer' },
  { id: 'peripheral-vascular-disease', label: 'Peripheral vascular disease' },
  { id: 'polypharmacy', label: 'Polypharmacy (5 or more current medications)' },
  { id: 'requirement-for-care', label: 'Requirement for care' },
  { id: 'respiratory-disease', label: 'Respiratory disease' },
  { id: 'skin-ulcer', label: 'Skin ulcer' },
  { id: 'sleep-disturbance', label: 'Sleep disturbance' },
  { id: 'social-vulnerability', label: 'Social vulnerability' },
  { id: 'thyroid-disease', label: 'Thyroid disease' },
  { id: 'urinary-incontinence', label: 'Urinary incontinence' },
  { id: 'urinary-system-disease', label: 'Urinary system disease' },
  { id: 'visual-impairment', label: 'Visual impairment' },
  { id: 'weight-loss-anorexia', label: 'Weight loss and anorexia' },
] as const;

/** The id of one eFI deficit. */
export type EfiDeficitId = (typeof EFI_DEFICITS)[number]['id'];

/** Every deficit id, in the index's order. */
export const EFI_DEFICIT_IDS: readonly EfiDeficitId[] = EFI_DEFICITS.map((d) => d.id);

/** How many deficits the index counts: the denominator of the score. */
export const EFI_DEFICIT_COUNT = 36;

/**
 * Polypharmacy is not a coded diagnosis: it is present when the patient has at least this many
 * distinct current medications (see `CURRENT_MEDICATION_MONTHS`).
 */
export const POLYPHARMACY_MIN_MEDICATIONS = 5;

/**
 * A medication is "current" on the scoring date when a medication record (a MedicationRequest
 * or MedicationStatement, or a CSV row in a medication code list) for it is dated within the 12
 * months up to and including that date. Distinct medications are counted by their code.
 */
export const CURRENT_MEDICATION_MONTHS = 12;

/** True when the text is one of the 36 deficit ids. */
export function isEfiDeficitId(value: string): value is EfiDeficitId {
  return (EFI_DEFICIT_IDS as readonly string[]).includes(value);
}

/** The label of a deficit, as screens show it. */
export function efiDeficitLabel(id: EfiDeficitId): string {
  return EFI_DEFICITS.find((d) => d.id === id)?.label ?? id;
}
