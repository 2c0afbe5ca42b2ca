import { useState } from 'react';
import { SLOT_SERVICE_LABELS } from '@atscale/domain';
import { fetchStaff } from '../../../api/staff';
import { useApi } from '../../../api/use-api';
import { Button } from '../../../components/button';
import { PageHeading } from '../../../components/page-heading';
import { Select } from '../../../components/select';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { WideTable } from '../../../components/wide-table';
import {
  fetchDayList,
  recordOutcome,
  todayInEngland,
  type Appointment,
} from '../booking/booking-api';

const STATUS_LABELS: Record<string, string> = {
  booked: 'Booked',
  attended: 'Attended',
  'did-not-attend': 'Did not attend',
  cancelled: 'Cancelled',
};

/** An appointment on the day list; a cancelled one says whether the patient was told. */
type DayAppointment = Appointment & { patientTold?: boolean | null };

/** Who the patient is, as the list names them. */
const patientOf = (a: DayAppointment) => `${a.patientName ?? ''} (${a.nhsNumber ?? ''})`;

/** A cancelled appointment whose patient nobody has told: someone must contact them. */
const untold = (a: DayAppointment) => a.status === 'cancelled' && a.patientTold !== true;

/**
 * The status of an appointment; for a cancelled one, why, and whether the patient was told, so
 * that no cancellation goes unnoticed (a patient not told would come for nothing).
 */
function StatusCell({ appointment: a }: { appointment: DayAppointment }) {
  const label = STATUS_LABELS[a.status] ?? a.status;
  if (a.status !== 'cancelled') return label;
  return (
    <>
      <strong>{label}</strong>
      {a.cancelReason ? `: ${a.cancelReason}` : null}
      <br />
      {untold(a) ? (
        <strong className="nhsuk-tag nhsuk-tag--red">Patient not told — contact them</strong>
      ) : (
        'Patient told'
      )}
    </>
  );
}

/** The cancellations whose patients were not told, above the list so none is missed. */
function NotToldWarning({ appointments }: { appointments: readonly DayAppointment[] }) {
  const notTold = appointments.filter(untold);
  if (notTold.length === 0) return null;
  return (
    <div className="nhsuk-warning-callout" aria-labelledby="not-told-heading">
      <h2 className="nhsuk-warning-callout__label" id="not-told-heading">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {notTold.length === 1
            ? '1 cancelled appointment: patient not told'
            : `${String(notTold.length)} cancelled appointments: patients not told`}
        </span>
      </h2>
      <p>Contact them so they do not come for an appointment that is no longer there.</p>
      <ul>
        {notTold.map((a) => (
          <li key={a.id}>
            {a.startTime}: {patientOf(a)}
            {a.cancelReason ? `, cancelled because ${a.cancelReason}` : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A clinician's day (ACC-3): their booked appointments in time order, with the patient, the
 * room and the way it happens, and buttons to record that the patient came or did not. Every
 * patient on it is audited as read.
 */
export function ClinicianDayPage() {
  useDocumentTitle('Clinician’s day');
  const staff = useApi('staff', () => fetchStaff());
  const [staffId, setStaffId] = useState('');
  const [date, setDate] = useState(todayInEngland());
  const list = useApi(`day ${staffId} ${date}`, () =>
    staffId === '' ? Promise.resolve(null) : fetchDayList(staffId, date),
  );
  const [problem, setProblem] = useState<string | null>(null);

  const outcome = async (id: string, value: 'attended' | 'did-not-attend') => {
    setProblem(null);
    try {
      await recordOutcome(id, value);
      await list.reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Could not record it');
    }
  };

  return (
    <>
      <PageHeading caption="Access">Clinician’s day</PageHeading>
      {staff.state.status === 'done' ? (
        <Select
          id="staff"
          label="Clinician"
          prompt="Choose a clinician"
          value={staffId}
          options={staff.state.data.map((s) => ({ value: s.id, label: s.fullName }))}
          onChange={(e) => {
            setStaffId(e.target.value);
          }}
        />
      ) : (
        <TextInput
          id="staff"
          label="Clinician’s staff ID"
          value={staffId}
          onChange={(e) => {
            setStaffId(e.target.value.trim());
          }}
        />
      )}
      <TextInput
        id="date"
        label="Day"
        type="date"
        value={date}
        onChange={(e) => {
          setDate(e.target.value);
        }}
      />
      {problem ? <p role="alert">{problem}</p> : null}
      {list.state.status === 'loading' ? <p>Loading…</p> : null}
      {list.state.status === 'error' ? <p role="alert">{list.state.detail}</p> : null}
      {list.state.status === 'done' && list.state.data !== null ? (
        list.state.data.length === 0 ? (
          <p>No appointments booked that day.</p>
        ) : (
          <>
            <NotToldWarning appointments={list.state.data} />
            <WideTable
              caption={`Appointments (${String(list.state.data.length)})`}
              head={['Time', 'Patient', 'Service', 'Where', 'Status', '']}
              rows={list.state.data.map((a) => ({
                key: a.id,
                cells: [
                  a.startTime,
                  patientOf(a),
                  SLOT_SERVICE_LABELS[a.service],
                  a.roomName ? `${a.siteName}, ${a.roomName}` : a.siteName,
                  <StatusCell key="status" appointment={a} />,
                  a.status === 'booked' ? (
                    <>
                      <Button
                        type="button"
                        variant="secondary"
                        className="nhsuk-u-margin-bottom-0"
                        aria-label={`${a.patientName ?? 'Patient'} attended`}
                        onClick={() => {
                          void outcome(a.id, 'attended');
                        }}
                      >
                        Attended
                      </Button>{' '}
                      <Button
                        type="button"
                        variant="secondary"
                        className="nhsuk-u-margin-bottom-0"
                        aria-label={`${a.patientName ?? 'Patient'} did not attend`}
                        onClick={() => {
                          void outcome(a.id, 'did-not-attend');
                        }}
                      >
                        Did not attend
                      </Button>
                    </>
                  ) : null,
                ],
              }))}
            />
          </>
        )
      ) : null}
    </>
  );
}
