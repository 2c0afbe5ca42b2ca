import { getJson } from './client';

/** One registered patient, as `GET /api/patients` and `GET /api/patients/:patientId` answer. */
export interface Patient {
  id: string;
  practiceId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: string | null;
  postcode: string | null;
  registeredOn: string | null;
  deregisteredOn: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  contactPreference: string | null;
}

/** What to search by: an NHS number, or family name and date of birth (ISO) with an optional given name. */
export type PatientSearch =
  { nhsNumber: string } | { familyName: string; dateOfBirth: string; givenName?: string };

/** Searches for patients; the server records `reason` in its audit trail. */
export async function searchPatients(search: PatientSearch, reason: string): Promise<Patient[]> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    if (typeof value === 'string' && value !== '') query.set(name, value);
  }
  query.set('reason', reason);
  const body = (await getJson(`/api/patients?${query.toString()}`)) as { patients: Patient[] };
  return body.patients;
}

/** Fetches one patient; rejects with an ApiError of status 404 when it is not one we can see. */
export async function fetchPatient(patientId: string, reason: string): Promise<Patient> {
  const query = new URLSearchParams({ reason });
  return (await getJson(
    `/api/patients/${encodeURIComponent(patientId)}?${query.toString()}`,
  )) as Patient;
}
