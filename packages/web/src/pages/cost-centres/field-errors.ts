import { ApiError, type Problem } from '../../api/problem';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { problemItems as fieldProblemItems } from '../../forms/error-items';

/** Which form on the cost centres page an error belongs to. */
export type CostCentreForm = 'merge' | 'create' | 'assign' | 'as-at';

// The field each server pointer (`body/reason`, `querystring/on`) stands for, by form; the
// first entry is where an error naming no field (a conflict) sends the reader.
const FIELDS: Record<CostCentreForm, readonly (readonly [string, string])[]> = {
  merge: [
    ['from', '#merge-from'],
    ['intoCostCentreId', '#merge-into'],
    ['newCostCentre/code', '#merge-new-code'],
    ['newCostCentre/name', '#merge-new-name'],
    ['newCostCentre', '#merge-new-code'],
    ['effectiveFrom', '#merge-effectiveFrom-day'],
    ['reason', '#merge-reason'],
  ],
  create: [
    ['code', '#create-code'],
    ['name', '#create-name'],
  ],
  assign: [
    ['effectiveFrom', '#assign-effectiveFrom-day'],
    ['practiceId', '#assign-practice'],
    ['costCentreId', '#assign-costCentre'],
  ],
  'as-at': [['on', '#asAt-day']],
};

/** The href of the form field a server pointer names, e.g. `body/from/2` → `#merge-from`. */
export function fieldHref(form: CostCentreForm, pointer: string): string {
  const path = pointer.replace(/^(body|querystring)\//, '');
  const fields = FIELDS[form];
  const found = fields.find(([name]) => path === name || path.startsWith(`${name}/`));
  return (found ?? fields[0] ?? ['', '#maincontent'])[1];
}

/** A refused request as error summary items: one per field the server named, or its detail. */
export function problemItems(form: CostCentreForm, problem: Problem): ErrorSummaryItem[] {
  const items = fieldProblemItems(problem, {
    hrefFor: (field) => fieldHref(form, field),
    fallbackHref: fieldHref(form, ''),
    text: (error) => readable(error.field, error.message, problem.detail),
  });
  // One message per field: the first is enough to act on.
  return items.filter((item, i) => items.findIndex((other) => other.href === item.href) === i);
}

/** A failed request from one of the forms as error summary items (see {@link problemItems}). */
export function refusedItems(form: CostCentreForm, error: unknown): ErrorSummaryItem[] {
  if (error instanceof ApiError && error.status === 403) {
    return [{ text: 'You do not have permission to change cost centres', href: '#maincontent' }];
  }
  if (error instanceof ApiError) return problemItems(form, error.problem);
  const text = error instanceof Error ? error.message : 'The request failed';
  return [{ text, href: '#maincontent' }];
}

// Schema messages ("must match format \"uuid\"") are for programs; say what to do instead.
function readable(field: string, message: string, detail: string): string {
  if (/^must |^is required$|^is not a known field$/.test(message)) {
    const name = field.replace(/^(body|querystring)\//, '');
    if (name.startsWith('from')) return 'Choose the cost centres to merge';
    if (name === 'effectiveFrom' || name === 'on') return 'Enter a real date';
    if (name.endsWith('code')) return 'Enter a code of up to 20 letters, digits and hyphens';
    if (name.endsWith('name')) return 'Enter a name';
    if (name === 'reason') return 'Enter why the cost centres merge';
    return detail;
  }
  return message;
}
