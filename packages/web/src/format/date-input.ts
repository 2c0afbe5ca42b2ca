/** The day, month and year fields of an NHS date input, as typed. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** A date input read as an ISO date, or why it is not one. */
export type DateInputResult = { ok: true; iso: string } | { ok: false; message: string };

/**
 * Reads day/month/year fields as an ISO date (`YYYY-MM-DD`), with the NHS service manual's
 * error messages; `label` names the date in them, e.g. "Date of birth".
 */
export function dateInputToIso(parts: DateParts, label: string): DateInputResult {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { ok: false, message: `Enter ${label.toLowerCase()}` };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(
    (name): name is string => typeof name === 'string',
  );
  if (missing.length > 0) {
    return {
      ok: false,
      message: `${label} must include a ${missing.join(' and ')}`,
    };
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, message: `${label} must be a real date` };
  }
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, message: `${label} must be a real date` };
  }
  return {
    ok: true,
    iso: `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  };
}
