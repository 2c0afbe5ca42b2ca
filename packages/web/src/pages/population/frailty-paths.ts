/** Where the frailty dashboard is. */
export const FRAILTY_PATH = '/population/frailty';

/** Where registers defined by code lists are shown and defined. */
export const REGISTERS_PATH = '/population/registers';

/** Where a practice's frailty worklist is. */
export const frailtyWorklistPath = (practiceId: string) =>
  `/population/frailty/practices/${encodeURIComponent(practiceId)}`;

/** Where a patient's frailty detail is. */
export const patientFrailtyPath = (patientId: string) =>
  `/population/frailty/patients/${encodeURIComponent(patientId)}`;

const worklistPattern = /^\/population\/frailty\/practices\/([^/]+)$/;
const patientPattern = /^\/population\/frailty\/patients\/([^/]+)$/;

const idAt = (pattern: RegExp, path: string): string | undefined => {
  const match = pattern.exec(path);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
};

/** The practice id of a worklist path, if `path` is one. */
export const frailtyWorklistPracticeAt = (path: string) => idAt(worklistPattern, path);

/** The patient id of a patient frailty path, if `path` is one. */
export const patientFrailtyAt = (path: string) => idAt(patientPattern, path);
