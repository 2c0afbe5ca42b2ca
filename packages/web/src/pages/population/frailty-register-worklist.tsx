import { useState } from 'react';
import { FRAILTY_REGISTER_KEY, dateInEngland, type RegisterReviewKind } from '@atscale/domain';
import {
  fetchRegisterWorklist,
  recordRegisterReview,
  type RegisterWorklistPatient,
} from '../../api/population';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { ProblemAlert } from '../../components/problem-alert';
import { Table } from '../../components/table';
import { formatNhsNumber } from '../../format/format';
import { useSession } from '../../session/session-context';
import { mayUse } from '../../session/use-permission';
import { reviewText } from './register-labels';

/**
 * A practice's frailty register with each patient's care plan and medication review, those due
 * first; the practice's clinicians and manager record one done today with a button.
 */
export function FrailtyRegisterWorklist({ practiceId }: { practiceId: string }) {
  const list = useApi(`frailty-register-worklist-${practiceId}`, () =>
    fetchRegisterWorklist(FRAILTY_REGISTER_KEY, practiceId),
  );
  const { state } = useSession();
  const recorder =
    state.status === 'signed-in' && mayUse(state.me, 'population:record', practiceId);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (list.state.status === 'loading') return <p>Loading the frailty register…</p>;
  if (list.state.status === 'error') return <ProblemAlert problem={list.state.detail} />;
  const patients = list.state.data.patients;
  const due = patients.filter((p) => p.status.due).length;
  const record = async (patient: RegisterWorklistPatient, kind: RegisterReviewKind) => {
    setBusy(true);
    setProblem(null);
    try {
      await recordRegisterReview(
        FRAILTY_REGISTER_KEY,
        patient.patientId,
        kind,
        dateInEngland(new Date()),
      );
      await list.reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'Recording failed');
    } finally {
      setBusy(false);
    }
  };
  const action = (patient: RegisterWorklistPatient, kind: RegisterReviewKind, label: string) =>
    recorder ? (
      <Button
        key={kind}
        type="button"
        variant="secondary"
        className="nhsuk-u-margin-bottom-0"
        disabled={busy}
        onClick={() => void record(patient, kind)}
      >
        {label}
        <span className="nhsuk-u-visually-hidden">
          {' '}
          for {patient.givenName} {patient.familyName}
        </span>
      </Button>
    ) : null;
  return (
    <section aria-labelledby="register-worklist">
      <h2 id="register-worklist">Care plans and medication reviews</h2>
      <p>
        {due === 0
          ? 'Nobody on the frailty register is due a care plan or medication review.'
          : `${String(due)} of ${String(patients.length)} on the frailty register due a care plan or medication review (never done, or 12 months ago or more).`}
      </p>
      <ProblemAlert problem={problem} />
      {patients.length > 0 ? (
        <Table
          caption="Frailty register: those due first"
          head={['Patient', 'NHS number', 'Care plan', 'Medication review', 'Record today']}
          rows={patients.map((p) => ({
            key: p.patientId,
            cells: [
              `${p.familyName.toUpperCase()}, ${p.givenName}`,
              formatNhsNumber(p.nhsNumber),
              reviewText(p.status.carePlan),
              reviewText(p.status.medicationReview),
              <span key="record">
                {action(p, 'care-plan', 'Care plan done')}{' '}
                {action(p, 'medication-review', 'Review done')}
              </span>,
            ],
          }))}
        />
      ) : null}
    </section>
  );
}
