import { useState } from 'react';
import {
  MEMBERSHIP_STAGE_LABELS,
  isOrganisationForm,
  policyFor,
  type MembershipStage,
} from '@atscale/domain';
import {
  fetchMembershipPipeline,
  recordEnquiry,
  type MembershipCard,
  type MembershipPipeline,
} from '../../api/membership';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Details } from '../../components/details';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Table } from '../../components/table';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate } from '../../format/format';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { formLabel } from '../../labels';
import { navigate } from '../../router/history';
import { Link } from '../../router/link';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import './membership.css';
import {
  CHECKLIST_STAGES,
  FINAL_STAGES,
  JOINING_STAGES,
  MEMBER_BOARD_STAGES,
  RAG_TAG_CLASSES,
  groupByStage,
  ragCountsText,
  refusedItems,
} from './membership-view';

/** Where a practice's membership page is. */
export const membershipPath = (practiceId: string) =>
  `/organisation/membership/${encodeURIComponent(practiceId)}`;

/** The membership pipeline: a board of stages, the practices that have finished, new enquiries. */
export function MembershipBoardPage() {
  const { state } = useApi('membership-pipeline', fetchMembershipPipeline);
  const canManage = usePermission('membership:manage', null);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 403) return <PermissionDeniedPage what="the membership pipeline" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  return <Board pipeline={state.data} canManage={canManage} />;
}

const listFate = (form: string): string | null => {
  if (!isOrganisationForm(form)) return null;
  return policyFor(form).listOnLeaving === 'stays-with-organisation'
    ? 'its list stays with the organisation'
    : 'its list leaves with it';
};

function Board({ pipeline, canManage }: { pipeline: MembershipPipeline; canManage: boolean }) {
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  useDocumentTitle(errors.length > 0 ? 'Error: Membership pipeline' : 'Membership pipeline');
  const groups = groupByStage(pipeline.practices);
  const fate = listFate(pipeline.form);
  const finished = FINAL_STAGES.filter((stage) => (groups.get(stage) ?? []).length > 0);
  return (
    <>
      <BackLink to="/organisation">Back to organisation</BackLink>
      <ErrorSummary items={errors} />
      <PageHeading caption="Organisation">Membership pipeline</PageHeading>
      <p className="nhsuk-lede-text">
        Practices from their first enquiry, through due diligence and the decision, to joining and,
        one day, leaving.
      </p>
      {fate ? (
        <p>
          The organisation is run as: {formLabel(pipeline.form)}. When a member leaves, {fate}.
        </p>
      ) : null}

      <h2>Joining</h2>
      <div className="app-membership-board app-membership-board--joining">
        {JOINING_STAGES.map((stage) => (
          <StageColumn key={stage} stage={stage} cards={groups.get(stage) ?? []} />
        ))}
      </div>
      <h2>Members</h2>
      <div className="app-membership-board app-membership-board--members">
        {MEMBER_BOARD_STAGES.map((stage) => (
          <StageColumn
            key={stage}
            stage={stage}
            cards={groups.get(stage) ?? []}
            compact={stage === 'member'}
          />
        ))}
      </div>

      {finished.length > 0 ? (
        <>
          <h2>No longer in the pipeline</h2>
          {finished.map((stage) => (
            <FinishedStage key={stage} stage={stage} cards={groups.get(stage) ?? []} />
          ))}
        </>
      ) : null}

      {canManage ? <EnquiryForm errors={errors} onErrors={setErrors} /> : null}
    </>
  );
}

/** The practices at one stage: cards, or for the many members a compact list of links. */
function StageColumn({
  stage,
  cards,
  compact = false,
}: {
  stage: MembershipStage;
  cards: MembershipCard[];
  compact?: boolean;
}) {
  const headingId = `stage-${stage}`;
  return (
    <section className="app-membership-board__column" aria-labelledby={headingId}>
      <h3 className="nhsuk-heading-s app-membership-board__heading" id={headingId}>
        {MEMBERSHIP_STAGE_LABELS[stage]}{' '}
        <span className="nhsuk-u-secondary-text-colour">({cards.length})</span>
      </h3>
      {cards.length > 0 && compact ? (
        <ul className="nhsuk-list nhsuk-list--border">
          {cards.map((card) => (
            <li key={card.practiceId}>
              <Link to={membershipPath(card.practiceId)}>{card.name}</Link>
              <span className="nhsuk-body-s nhsuk-u-display-block nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-0">
                {card.odsCode} · {listSizeText(card)}
              </span>
            </li>
          ))}
        </ul>
      ) : cards.length > 0 ? (
        <ul className="nhsuk-list app-membership-board__cards">
          {cards.map((card) => (
            <li key={card.practiceId}>
              <PracticeCard card={card} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">No practices</p>
      )}
    </section>
  );
}

const listSizeText = (card: MembershipCard) =>
  card.listSize === null ? 'list size not recorded' : `${formatCount(card.listSize)} patients`;

function PracticeCard({ card }: { card: MembershipCard }) {
  const showChecklist = CHECKLIST_STAGES.includes(card.stage);
  const { dueDiligence } = card;
  return (
    <div className="nhsuk-card nhsuk-card--clickable app-membership-card">
      <div className="nhsuk-card__content">
        <h4 className="nhsuk-card__heading nhsuk-heading-xs">
          <Link className="nhsuk-card__link" to={membershipPath(card.practiceId)}>
            {card.name}
          </Link>
        </h4>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
          {card.odsCode} · {listSizeText(card)}
        </p>
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour nhsuk-u-margin-bottom-1">
          Since {formatDate(card.stageSince)}
        </p>
        {showChecklist ? (
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-0 app-membership-card__rag">
            <span className="nhsuk-u-visually-hidden">
              Due diligence: {ragCountsText(dueDiligence)}
            </span>
            <span aria-hidden="true">
              <strong className={RAG_TAG_CLASSES.green}>{dueDiligence.green} G</strong>{' '}
              <strong className={RAG_TAG_CLASSES.amber}>{dueDiligence.amber} A</strong>{' '}
              <strong className={RAG_TAG_CLASSES.red}>{dueDiligence.red} R</strong>{' '}
              <strong className="nhsuk-tag nhsuk-tag--grey">{dueDiligence.unrated} to rate</strong>
            </span>
          </p>
        ) : null}
      </div>
    </div>
  );
}

function FinishedStage({ stage, cards }: { stage: MembershipStage; cards: MembershipCard[] }) {
  return (
    <Details summary={`${MEMBERSHIP_STAGE_LABELS[stage]} (${String(cards.length)})`}>
      <Table
        caption={MEMBERSHIP_STAGE_LABELS[stage]}
        head={['Practice', 'ODS code', 'Since']}
        rows={cards.map((card) => ({
          key: card.practiceId,
          cells: [
            <Link to={membershipPath(card.practiceId)}>{card.name}</Link>,
            card.odsCode,
            formatDate(card.stageSince),
          ],
        }))}
      />
    </Details>
  );
}

const enquiryFields = { odsCode: 'odsCode', name: 'practiceName' };

/** The form that records a practice's enquiry about joining, then opens its membership page. */
function EnquiryForm({
  errors,
  onErrors,
}: {
  errors: ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
}) {
  const { setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(
      enquiryFields,
      enquiryFields.odsCode,
      'The enquiry could not be recorded: try again',
    ),
    shared: { errors, onErrors },
  });

  const handleSubmit = onSubmit((form) => {
    const odsCode = fieldValue(form, enquiryFields.odsCode);
    const name = fieldValue(form, enquiryFields.name);
    const missing: ErrorSummaryItem[] = [
      ...(odsCode === '' ? [{ text: 'Enter the ODS code', href: '#odsCode' }] : []),
      ...(name === '' ? [{ text: 'Enter the practice name', href: '#practiceName' }] : []),
    ];
    setErrors(missing);
    if (missing.length > 0) return;
    void send(async () => {
      const created = await recordEnquiry({ odsCode, name });
      navigate(membershipPath(created.practice.id));
    });
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h2 id="record-enquiry">Record an enquiry</h2>
        <p>A practice that asks about joining starts here, then goes on to due diligence.</p>
        <form onSubmit={handleSubmit} noValidate aria-labelledby="record-enquiry">
          <TextInput
            id={enquiryFields.odsCode}
            label="ODS code"
            hint="A letter, a letter or digit, then four digits, for example A81001"
            autoComplete="off"
            spellCheck={false}
            className="nhsuk-input--width-10"
            error={fieldError(enquiryFields.odsCode)}
          />
          <TextInput
            id={enquiryFields.name}
            label="Practice name"
            autoComplete="off"
            error={fieldError(enquiryFields.name)}
          />
          <Button aria-disabled={busy}>Record enquiry</Button>
        </form>
      </div>
    </div>
  );
}
