import { useState } from 'react';
import {
  DUE_DILIGENCE_ITEM_LABELS,
  MEMBERSHIP_STAGE_LABELS,
  SIGNING_DOCUMENT_LABELS,
  dueDiligenceSummary,
  isOrganisationForm,
  policyFor,
  type MembershipStage,
  type RagRating,
} from '@atscale/domain';
import {
  fetchMembership,
  moveMembership,
  rateDueDiligenceItem,
  type ChecklistItem,
  type MembershipDetail,
  type MembershipHistoryEntry,
  type StageMove,
} from '../../api/membership';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { choiceId } from '../../components/choice';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { PageHeading } from '../../components/page-heading';
import { Radios } from '../../components/radios';
import { SummaryList } from '../../components/summary-list';
import { Table } from '../../components/table';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { useDocumentTitle } from '../../components/use-document-title';
import { dateInputToIso } from '../../format/date-input';
import { formatDate } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { Link } from '../../router/link';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { NotFoundPage } from '../not-found-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import './membership.css';
import { DECISION_STAGES, RAG_TAG_CLASSES, refusedItems, ragCountsText } from './membership-view';

/** One practice's membership: where it stands, its due-diligence checklist, moves and history. */
export function MembershipPracticePage({ practiceId }: { practiceId: string }) {
  const { state } = useApi(`membership:${practiceId}`, () => fetchMembership(practiceId));
  const canManage = usePermission('membership:manage', null);
  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'error') {
    if (state.httpStatus === 404) return <NotFoundPage />;
    if (state.httpStatus === 403) return <PermissionDeniedPage what="the membership pipeline" />;
    return <ServiceUnavailablePage detail={state.detail} />;
  }
  return <Membership initial={state.data} canManage={canManage} />;
}

const RATINGS: readonly { value: RagRating; label: string }[] = [
  { value: 'green', label: 'Green' },
  { value: 'amber', label: 'Amber' },
  { value: 'red', label: 'Red' },
];

const stageLabel = (stage: MembershipStage) => MEMBERSHIP_STAGE_LABELS[stage];

function Membership({ initial, canManage }: { initial: MembershipDetail; canManage: boolean }) {
  const [detail, setDetail] = useState(initial);
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { practice } = detail;
  useDocumentTitle(`${errors.length > 0 ? 'Error: ' : ''}Membership of ${practice.name}`);

  const replaceItem = (saved: ChecklistItem) => {
    setDetail((current) => {
      const checklist = current.checklist.map((entry) =>
        entry.item === saved.item ? saved : entry,
      );
      const summary = dueDiligenceSummary(checklist);
      return {
        ...current,
        checklist,
        dueDiligence: {
          ...summary,
          unrated: [...summary.unrated],
          withoutEvidence: [...summary.withoutEvidence],
        },
      };
    });
  };

  // The notice is shown with the refreshed page, so what it announces is already on screen.
  const moved = async (change: MembershipHistoryEntry) => {
    const message = `Moved to ${stageLabel(change.to).toLowerCase()} on ${formatDate(change.on)}.`;
    try {
      setDetail(await fetchMembership(practice.id));
      setNotice(message);
    } catch (error) {
      setNotice(message);
      setErrors(refusedItems({}, 'move')(error));
    }
  };

  return (
    <>
      <BackLink to="/organisation/membership">Back to membership pipeline</BackLink>
      <ErrorSummary items={errors} />
      <PageHeading caption="Membership">{practice.name}</PageHeading>
      <div role="status">
        {notice ? (
          <InsetText>
            <p>{notice}</p>
          </InsetText>
        ) : null}
      </div>
      <Standing detail={detail} />

      <h2 id="checklist">Due diligence</h2>
      <p>
        {detail.dueDiligence.complete
          ? 'Every item is rated with evidence: the decision can be taken.'
          : 'The decision can be taken once every item is rated with evidence.'}{' '}
        <span className="nhsuk-u-secondary-text-colour">
          ({ragCountsText(detail.dueDiligence.counts)})
        </span>
      </p>
      {detail.checklistOpen && canManage ? (
        <div className="app-checklist">
          {detail.checklist.map((item) => (
            <ChecklistItemForm
              key={item.item}
              practiceId={practice.id}
              entry={item}
              errors={errors}
              onErrors={setErrors}
              onSaved={(saved) => {
                replaceItem(saved);
                setNotice(null);
              }}
            />
          ))}
        </div>
      ) : (
        <ChecklistTable checklist={detail.checklist} />
      )}

      {canManage && detail.nextStages.length > 0 ? (
        <MoveForm
          key={`${detail.stage}-${String(detail.history.length)}`}
          detail={detail}
          errors={errors}
          onErrors={setErrors}
          onMoved={moved}
        />
      ) : null}

      <History history={detail.history} />
    </>
  );
}

/** Where the practice stands: stage, since when, and what has been decided. */
function Standing({ detail }: { detail: MembershipDetail }) {
  const rows = [
    { key: 'ODS code', value: detail.practice.odsCode },
    { key: 'Stage', value: stageLabel(detail.stage) },
    { key: 'Since', value: formatDate(detail.stageSince) },
    ...(detail.decision
      ? [
          {
            key: 'Decision',
            value: (
              <>
                <p className="nhsuk-u-margin-bottom-2">Decided by {detail.decision.decidedBy}</p>
                <p className="nhsuk-u-margin-bottom-0">{detail.decision.reason}</p>
              </>
            ),
          },
        ]
      : []),
    ...(detail.signingDocument
      ? [{ key: 'Signed', value: SIGNING_DOCUMENT_LABELS[detail.signingDocument] }]
      : []),
    ...(detail.listStaysWithOrganisation === null
      ? []
      : [
          {
            key: 'The list on leaving',
            value: detail.listStaysWithOrganisation
              ? 'Stayed with the organisation'
              : 'Left with the practice',
          },
        ]),
    {
      key: 'Practice details',
      value: (
        <Link to={`/organisation/practices/${encodeURIComponent(detail.practice.id)}`}>
          {detail.practice.name}
        </Link>
      ),
    },
  ];
  return <SummaryList rows={rows} />;
}

function RatingTag({ rating }: { rating: RagRating | null }) {
  if (rating === null) return <strong className="nhsuk-tag nhsuk-tag--grey">Not rated</strong>;
  return (
    <strong className={RAG_TAG_CLASSES[rating]}>
      {rating === 'amber' ? 'Amber' : rating === 'red' ? 'Red' : 'Green'}
    </strong>
  );
}

/** The checklist read-only: once past the decision, or for someone who may only read it. */
function ChecklistTable({ checklist }: { checklist: readonly ChecklistItem[] }) {
  return (
    <Table
      caption="Due-diligence checklist"
      head={['Item', 'Rating', 'Evidence']}
      rows={checklist.map((entry) => ({
        key: entry.item,
        cells: [
          DUE_DILIGENCE_ITEM_LABELS[entry.item],
          <RatingTag rating={entry.rating} />,
          entry.evidence === '' ? 'None recorded' : entry.evidence,
        ],
      }))}
    />
  );
}

/** One checklist item's rating and evidence, saved on its own. */
function ChecklistItemForm({
  practiceId,
  entry,
  errors,
  onErrors,
  onSaved,
}: {
  practiceId: string;
  entry: ChecklistItem;
  errors: ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
  onSaved: (saved: ChecklistItem) => void;
}) {
  const [rating, setRating] = useState<RagRating | null>(entry.rating);
  const [evidence, setEvidence] = useState(entry.evidence);
  const [saved, setSaved] = useState(false);
  const label = DUE_DILIGENCE_ITEM_LABELS[entry.item];
  const ratingId = `${entry.item}-rating`;
  const evidenceId = `${entry.item}-evidence`;
  const fields = { rating: choiceId(ratingId, 'green'), evidence: evidenceId };
  const { fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(fields, fields.rating),
    shared: { errors, onErrors },
  });

  const handleSubmit = onSubmit(() => {
    setSaved(false);
    void send(async () => {
      const stored = await rateDueDiligenceItem(practiceId, entry.item, { rating, evidence });
      setSaved(true);
      onSaved(stored);
    });
  });

  const headingId = `${entry.item}-heading`;
  return (
    <section className="nhsuk-card" aria-labelledby={headingId}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s" id={headingId}>
          {label}
        </h3>
        <p className="nhsuk-body-s app-checklist-status">
          <RatingTag rating={entry.rating} />{' '}
          {entry.assessedBy && entry.assessedAt
            ? `Last saved by ${entry.assessedBy.displayName} on ${formatDate(entry.assessedAt)}`
            : 'Not assessed yet'}
        </p>
        <form onSubmit={handleSubmit} noValidate aria-labelledby={headingId}>
          <Radios<RagRating>
            id={ratingId}
            ids="value"
            legend={
              <>
                Rating<span className="nhsuk-u-visually-hidden"> for {label}</span>
              </>
            }
            choices={RATINGS}
            value={rating}
            onChange={setRating}
            inline
            error={fieldError(fields.rating)}
          />
          <Textarea
            id={evidenceId}
            rows={2}
            label={`Evidence for ${label}`}
            hint="What was seen and where it is filed. A rating without evidence does not count."
            value={evidence}
            onChange={(event) => {
              setEvidence(event.target.value);
            }}
            error={fieldError(evidenceId)}
          />
          <Button variant="secondary" className="nhsuk-u-margin-bottom-2" aria-disabled={busy}>
            Save<span className="nhsuk-u-visually-hidden"> {label}</span>
          </Button>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-0" role="status">
            {saved ? `${label}: saved` : ''}
          </p>
        </form>
      </div>
    </section>
  );
}

const moveFields = {
  to: 'move-to',
  on: 'move-on-day',
  decidedBy: 'decidedBy',
  reason: 'decisionReason',
  note: 'moveNote',
};

/** What a move will record, from the form in force today. */
function moveConsequence(detail: MembershipDetail, to: MembershipStage | null): string | null {
  if (!isOrganisationForm(detail.form)) return null;
  const policy = policyFor(detail.form);
  if (to === 'signed') {
    return `The practice signs the ${SIGNING_DOCUMENT_LABELS[policy.signingDocument].toLowerCase()}.`;
  }
  if (to === 'left') {
    return policy.listOnLeaving === 'stays-with-organisation'
      ? 'The practice’s list stays with the organisation.'
      : 'The practice’s list leaves with it.';
  }
  if (to === 'decision' && !detail.dueDiligence.complete) {
    return 'Due diligence is not complete yet: every item needs a rating and evidence first.';
  }
  return null;
}

/** Moves the practice to one of the stages it may go to next. */
function MoveForm({
  detail,
  errors,
  onErrors,
  onMoved,
}: {
  detail: MembershipDetail;
  errors: ErrorSummaryItem[];
  onErrors: (errors: ErrorSummaryItem[]) => void;
  onMoved: (change: MembershipHistoryEntry) => Promise<void>;
}) {
  const [to, setTo] = useState<MembershipStage | null>(null);
  const first = detail.nextStages[0] ?? 'enquiry';
  const fields = { ...moveFields, to: choiceId(moveFields.to, first) };
  const { setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems(fields, fields.to),
    shared: { errors, onErrors },
  });
  const isDecision = to !== null && DECISION_STAGES.includes(to);
  const consequence = moveConsequence(detail, to);

  const handleSubmit = onSubmit((form) => {
    const parts = dateParts(form, 'move-on');
    const date = dateInputToIso(parts, 'Date of the move');
    const noDate = parts.day === '' && parts.month === '' && parts.year === '';
    const invalid: ErrorSummaryItem[] = [];
    if (to === null) invalid.push({ text: 'Choose the stage to move to', href: `#${fields.to}` });
    if (!noDate && !date.ok) invalid.push({ text: date.message, href: `#${fields.on}` });
    const decidedBy = fieldValue(form, moveFields.decidedBy);
    const reason = fieldValue(form, moveFields.reason);
    if (isDecision && decidedBy === '') {
      invalid.push({ text: 'Enter who decided', href: `#${fields.decidedBy}` });
    }
    if (isDecision && reason === '') {
      invalid.push({ text: 'Enter the reason for the decision', href: `#${fields.reason}` });
    }
    setErrors(invalid);
    if (invalid.length > 0 || to === null) return;
    const note = fieldValue(form, moveFields.note);
    const move: StageMove = {
      to,
      ...(date.ok ? { on: date.iso } : {}),
      ...(isDecision ? { decision: { decidedBy, reason } } : {}),
      ...(note === '' ? {} : { note }),
    };
    void send(async () => {
      await onMoved(await moveMembership(detail.practice.id, move));
    });
  });

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h2 id="move">Move to another stage</h2>
        <form onSubmit={handleSubmit} noValidate aria-labelledby="move">
          <Radios<MembershipStage>
            id={moveFields.to}
            ids="value"
            // Signing and declining reveal the same fields, so only the chosen one's are shown.
            unchosen="removed"
            legend={`From ${stageLabel(detail.stage).toLowerCase()}, move to`}
            choices={detail.nextStages.map((stage) => ({
              value: stage,
              label: stageLabel(stage),
              ...(DECISION_STAGES.includes(stage)
                ? {
                    conditional: (
                      <>
                        <TextInput
                          id={moveFields.decidedBy}
                          label="Decided by"
                          hint="The person or body that took the decision, such as the central board"
                          autoComplete="off"
                          error={fieldError(fields.decidedBy)}
                        />
                        <Textarea
                          id={moveFields.reason}
                          label="Reason for the decision"
                          error={fieldError(fields.reason)}
                        />
                      </>
                    ),
                  }
                : {}),
            }))}
            value={to}
            onChange={setTo}
            error={fieldError(fields.to)}
          />
          {consequence ? (
            <InsetText>
              <p>{consequence}</p>
            </InsetText>
          ) : null}
          <DateInput
            id="move-on"
            legend="Date of the move"
            hint="For example, 15 3 2025. Leave it empty for today."
            error={fieldError(fields.on)}
          />
          <Textarea
            id={moveFields.note}
            label="Note (optional)"
            hint="Anything the next person should know about this move"
            error={fieldError(fields.note)}
          />
          <Button aria-disabled={busy}>Move practice</Button>
        </form>
      </div>
    </div>
  );
}

function History({ history }: { history: readonly MembershipHistoryEntry[] }) {
  if (history.length === 0) {
    return (
      <>
        <h2>Stage history</h2>
        <p>
          No stage changes are recorded: the practice was already a member when membership started
          to be tracked.
        </p>
      </>
    );
  }
  const newestFirst = [...history].reverse();
  return (
    <Table
      caption="Stage history"
      head={['Date', 'Move', 'Recorded by', 'Details']}
      rows={newestFirst.map((entry) => ({
        key: String(entry.id),
        cells: [
          formatDate(entry.on),
          entry.from === null
            ? stageLabel(entry.to)
            : `${stageLabel(entry.from)} to ${stageLabel(entry.to).toLowerCase()}`,
          entry.changedBy?.displayName ?? 'Not recorded',
          <HistoryDetails entry={entry} />,
        ],
      }))}
    />
  );
}

function HistoryDetails({ entry }: { entry: MembershipHistoryEntry }) {
  const lines = [
    ...(entry.decision ? [`Decided by ${entry.decision.decidedBy}: ${entry.decision.reason}`] : []),
    ...(entry.signingDocument
      ? [`Signed the ${SIGNING_DOCUMENT_LABELS[entry.signingDocument].toLowerCase()}`]
      : []),
    ...(entry.listStaysWithOrganisation === null
      ? []
      : [
          entry.listStaysWithOrganisation
            ? 'The list stays with the organisation'
            : 'The list leaves with the practice',
        ]),
    ...(entry.note ? [entry.note] : []),
  ];
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((line) => (
        <span className="nhsuk-u-display-block" key={line}>
          {line}
        </span>
      ))}
    </>
  );
}
