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
import { fetchDayList, recordOutcome, todayInEngland } from '../booking/booking-api';

const STATUS_LABELS: Record<string, string> = {
  booked: 'Booked',
  attended: 'Attended',
  'did-not-attend': 'Did not attend',
};

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
          <WideTable
            caption={`Appointments (${String(list.state.data.length)})`}
            head={['Time', 'Patient', 'Service', 'Where', 'Status', '']}
            rows={list.state.data.map((a) => ({
              key: a.id,
              cells: [
                a.startTime,
                `${a.patientName ?? ''} (${a.nhsNumber ?? ''})`,
                SLOT_SERVICE_LABELS[a.service],
                a.roomName ? `${a.siteName}, ${a.roomName}` : a.siteName,
                STATUS_LABELS[a.status] ?? a.status,
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
        )
      ) : null}
    </>
  );
}
