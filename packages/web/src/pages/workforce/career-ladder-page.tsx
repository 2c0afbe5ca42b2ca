import { useState } from 'react';
import { CAREER_GRADES, CAREER_GRADE_LABELS, type CareerGrade } from '@atscale/domain';
import { fetchCareerLadder, saveCareerLadder } from '../../api/staff';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { useDocumentTitle } from '../../components/use-document-title';
import { useFormSubmission } from '../../forms/use-form-submission';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { refusedItems } from '../organisation/site-form-values';
import { useSavedNotice } from '../organisation/use-saved-notice';

const ladderId = 'career-ladder';

const gradeList = (ladder: readonly CareerGrade[]) =>
  ladder.map((grade) => CAREER_GRADE_LABELS[grade]).join(', then ');

/**
 * The organisation's career ladder: which grades it uses, lowest rung first. Administrators
 * (staff:manage for the whole organisation) choose the rungs; the order is the ladder's own.
 */
export function CareerLadderPage() {
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  useDocumentTitle(`${errors.length > 0 ? 'Error: ' : ''}Career ladder`);
  const canManage = usePermission('staff:manage', null);
  const ladder = useApi('career-ladder', fetchCareerLadder);
  const { notice, saved } = useSavedNotice(ladder.reload);
  const {
    fieldError,
    busy,
    onSubmit,
    send,
    setErrors: showErrors,
  } = useFormSubmission({
    refused: refusedItems(() => ladderId, ladderId),
    shared: { errors, onErrors: setErrors },
  });
  if (ladder.state.status === 'loading') return <LoadingPage />;
  if (ladder.state.status === 'error') {
    return <ServiceUnavailablePage detail={ladder.state.detail} />;
  }
  const current = ladder.state.data;

  const handleSubmit = onSubmit((form) => {
    const chosen = new Set(form.getAll(ladderId).map(String));
    // The rungs keep the ladder's order, lowest first, whatever order they were ticked in.
    const rungs = CAREER_GRADES.filter((grade) => chosen.has(grade));
    if (rungs.length === 0) {
      showErrors([{ text: 'Choose at least one grade for the ladder', href: `#${ladderId}` }]);
      return;
    }
    void send(async () => {
      const stored = await saveCareerLadder(rungs);
      saved(`Saved the career ladder: ${gradeList(stored)}`);
    });
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
        <BackLink to="/workforce">Workforce</BackLink>
        <ErrorSummary items={errors} />
        <PageHeading caption="Workforce">Career ladder</PageHeading>
        <p>
          The grades doctors move up and down, lowest rung first. Moves are recorded on each member
          of staff’s page.
        </p>
        <ol className="nhsuk-list nhsuk-list--number">
          {current.map((grade) => (
            <li key={grade}>{CAREER_GRADE_LABELS[grade]}</li>
          ))}
        </ol>
        {canManage ? (
          <form onSubmit={handleSubmit} noValidate key={`form ${String(notice?.version ?? 0)}`}>
            <Checkboxes
              id={ladderId}
              legend="Grades on the organisation’s ladder"
              hint="Tick the grades the organisation uses. They keep this order, lowest first."
              checked={current}
              choices={CAREER_GRADES.map((grade) => ({
                value: grade,
                label: CAREER_GRADE_LABELS[grade],
              }))}
              error={fieldError(ladderId)}
            />
            <Button aria-disabled={busy}>Save the ladder</Button>
          </form>
        ) : (
          <p>Only the organisation’s administrators and central workforce team change it.</p>
        )}
      </div>
    </div>
  );
}
