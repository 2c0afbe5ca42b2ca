import type { Scenario } from '@atscale/domain';

/** How an assumption is entered: a plain number, a percentage of a share, or pounds of pence. */
export type AssumptionUnit = 'number' | 'percent' | 'pounds';

/** One assumption the editor shows, by its path in the scenario (as the sources name it). */
export interface AssumptionField {
  readonly path: `${'demand' | 'capacity' | 'workforce' | 'money'}.${string}`;
  readonly label: string;
  readonly unit: AssumptionUnit;
}

/** The assumptions a practice is most likely to want to change; the rest keep their defaults. */
export const ASSUMPTION_FIELDS: readonly AssumptionField[] = [
  {
    path: 'demand.requestsPer1000PerWeekday',
    label: 'Requests per 1,000 patients a weekday',
    unit: 'number',
  },
  {
    path: 'demand.resolvedWithoutAppointment',
    label: 'Resolved without an appointment (%)',
    unit: 'percent',
  },
  { path: 'demand.sameDayShare', label: 'Needing to be seen the same day (%)', unit: 'percent' },
  {
    path: 'demand.faceToFaceShare',
    label: 'Face-to-face share of appointments (%)',
    unit: 'percent',
  },
  { path: 'demand.variation', label: 'Day-to-day variation beyond chance (%)', unit: 'percent' },
  { path: 'capacity.gpAppointmentsPerSession', label: 'GP appointments a session', unit: 'number' },
  { path: 'workforce.sicknessRate', label: 'Sickness absence (%)', unit: 'percent' },
  { path: 'workforce.turnoverPerYear', label: 'Clinicians leaving a year (%)', unit: 'percent' },
  { path: 'money.levyPencePerPatient', label: 'Levy a patient a year (£)', unit: 'pounds' },
  {
    path: 'money.centralSavingsPencePerPatient',
    label: 'Central savings a patient a year (£)',
    unit: 'pounds',
  },
  { path: 'money.hubCostPencePerYear', label: 'Hub cost a year (£)', unit: 'pounds' },
  {
    path: 'money.mouCostPencePerPractice',
    label: 'Federation MOU cost a practice a year (£)',
    unit: 'pounds',
  },
  {
    path: 'money.pyramidalFaceToFaceConversion',
    label: 'Pyramidal: telephone triage converted to face to face (%)',
    unit: 'percent',
  },
  { path: 'money.mcpTopSlice', label: 'MCP top slice (%)', unit: 'percent' },
];

/** The id of an assumption's input: also where a field error for it links. */
export const assumptionInputId = (path: string) => `assumption-${path.replace('.', '-')}`;

const groupOf = (scenario: Scenario, path: string): [Record<string, unknown>, string] => {
  const [group = '', key = ''] = path.split('.');
  return [(scenario as unknown as Record<string, Record<string, unknown>>)[group] ?? {}, key];
};

/** An assumption's value as the editor shows it. */
export function assumptionText(scenario: Scenario, field: AssumptionField): string {
  const [group, key] = groupOf(scenario, field.path);
  const value = group[key];
  if (typeof value !== 'number') return '';
  if (field.unit === 'percent') return String(Math.round(value * 10000) / 100);
  if (field.unit === 'pounds') return String(value / 100);
  return String(value);
}

/** The scenario with the entered assumptions, and the fields that are not numbers. */
export function withAssumptions(
  scenario: Scenario,
  entered: Readonly<Record<string, string>>,
): { scenario: Scenario; problems: { path: string; message: string }[] } {
  const copy = JSON.parse(JSON.stringify(scenario)) as Scenario;
  const problems: { path: string; message: string }[] = [];
  for (const field of ASSUMPTION_FIELDS) {
    const text = entered[field.path];
    if (text === undefined) continue;
    const cleaned = text.replace(/[£,%\s]/g, '');
    const value = Number(cleaned);
    if (cleaned === '' || !Number.isFinite(value)) {
      problems.push({ path: field.path, message: `${field.label}: enter a number` });
      continue;
    }
    const [group, key] = groupOf(copy, field.path);
    group[key] =
      field.unit === 'percent'
        ? value / 100
        : field.unit === 'pounds'
          ? Math.round(value * 100)
          : value;
  }
  return { scenario: copy, problems };
}
