import { useState } from 'react';
import { CQC_KEY_QUESTION_LABELS } from '@atscale/domain';
import {
  acknowledgePolicy,
  addPolicyDraft,
  adoptPolicy,
  approvePolicyVersion,
  fetchPolicy,
  fetchPolicyCompliance,
  fetchPolicyInForce,
  fetchPolicyVersion,
  type PolicyDetail,
  type PolicyVersion,
  type PracticeCompliance,
} from '../../api/policies';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Details } from '../../components/details';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { SummaryList } from '../../components/summary-list';
import { WideTable } from '../../components/wide-table';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { fieldText, fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { NotFoundPage } from '../not-found-page';
import { Markdown } from './markdown';
import { policyDiff } from './policy-diff';

/** A policy (GOV-1): its current text, versions, what was in force, diff, compliance, authoring. */
export function PolicyPage({ policyId }: { policyId: string }) {
  const policy = useApi(`policy-${policyId}`, () => fetchPolicy(policyId));
  const compliance = useApi(`policy-compliance-${policyId}`, () => fetchPolicyCompliance(policyId));
  const [done, setDone] = useState<string | null>(null);
  useDocumentTitle(policy.state.status === 'done' ? policy.state.data.title : 'Policy');
  if (policy.state.status === 'loading' || compliance.state.status === 'loading') {
    return <LoadingPage />;
  }
  if (policy.state.status === 'error') {
    if (policy.state.httpStatus === 404) return <NotFoundPage />;
    if (policy.state.httpStatus === 403) return <PermissionDeniedPage what="the policy library" />;
    return <ServiceUnavailablePage detail={policy.state.detail} />;
  }
  if (compliance.state.status === 'error') {
    return <ServiceUnavailablePage detail={compliance.state.detail} />;
  }
  const changed = (message: string) => {
    setDone(message);
    void policy.reload();
    void compliance.reload();
  };
  const p = policy.state.data;
  return (
    <>
      <BackLink to="/governance/policies">Policy library</BackLink>
      <PageHeading caption="Policy library">{p.title}</PageHeading>
      {done && <SuccessBanner>{done}</SuccessBanner>}
      <SummaryList
        rows={[
          { key: 'Owner', value: p.owner.name },
          {
            key: 'CQC key questions',
            value: p.keyQuestions.map((q) => CQC_KEY_QUESTION_LABELS[q]).join(', ') || 'None',
          },
          {
            key: 'Local annex',
            value: p.localAnnexAllowed ? 'Practices may add one' : 'Not allowed',
          },
          {
            key: 'In force today',
            value: p.current
              ? `Version ${String(p.current.number)}, from ${formatDate(p.current.effectiveFrom)}`
              : 'No version yet',
          },
          {
            key: 'Review due',
            value: p.current ? (
              p.reviewOverdue ? (
                <strong className="nhsuk-tag nhsuk-tag--red">
                  {`Overdue since ${formatDate(p.current.reviewBy)}`}
                </strong>
              ) : (
                formatDate(p.current.reviewBy)
              )
            ) : (
              '–'
            ),
          },
        ]}
      />
      {p.current && <CurrentText policyId={p.id} versionId={p.current.id} />}
      <Compliance policy={p} rows={compliance.state.data} onChanged={changed} />
      <Versions policy={p} onChanged={changed} />
      <InForceOn policyId={p.id} />
      {p.versions.length >= 2 && <Compare policy={p} />}
      {p.canManage && <NewDraftForm policyId={p.id} onChanged={changed} />}
    </>
  );
}

function CurrentText({ policyId, versionId }: { policyId: string; versionId: string }) {
  const version = useApi(`policy-version-${versionId}`, () =>
    fetchPolicyVersion(policyId, versionId),
  );
  return (
    <section aria-labelledby="policy-current-text">
      <h2 className="nhsuk-heading-l" id="policy-current-text">
        The policy in force
      </h2>
      {version.state.status === 'done' ? (
        <Markdown text={version.state.data.body} />
      ) : (
        <p>{version.state.status === 'loading' ? 'Loading…' : version.state.detail}</p>
      )}
    </section>
  );
}

function Compliance({
  policy,
  rows,
  onChanged,
}: {
  policy: PolicyDetail;
  rows: readonly PracticeCompliance[];
  onChanged: (message: string) => void;
}) {
  const [errors, setErrors] = useState<{ text: string; href: string }[]>([]);
  const act = async (work: () => Promise<void>, message: string) => {
    setErrors([]);
    try {
      await work();
      onChanged(message);
    } catch (error) {
      setErrors(
        refusalItems(error, {
          hrefFor: () => '#policy-compliance',
          fallbackHref: '#policy-compliance',
        }),
      );
    }
  };
  return (
    <section aria-labelledby="policy-compliance">
      <h2 className="nhsuk-heading-l" id="policy-compliance">
        Practice compliance
      </h2>
      <ErrorSummary items={errors} />
      {rows.length === 0 ? (
        <p>No practice to show.</p>
      ) : (
        <WideTable
          caption="Adoption and acknowledgements by practice"
          head={['Practice', 'Adopted', 'Acknowledged', 'Yet to acknowledge', 'Your part']}
          rows={rows.map((r) => ({
            key: r.practiceId,
            cells: [
              r.practiceName,
              r.adopted ? (
                <span key="a">
                  {`Version ${String(r.adopted.number)}`}{' '}
                  {!r.onCurrentVersion && (
                    <strong className="nhsuk-tag nhsuk-tag--orange">Not current</strong>
                  )}
                </span>
              ) : (
                <strong key="a" className="nhsuk-tag nhsuk-tag--red">
                  Not adopted
                </strong>
              ),
              `${String(r.acknowledged)} of ${String(r.staff)}`,
              r.missing.length === 0 ? 'Nobody' : r.missing.join(', '),
              <MyPart
                key="me"
                policy={policy}
                row={r}
                onAcknowledge={() =>
                  act(
                    () => acknowledgePolicy(policy.id, r.practiceId),
                    `You have acknowledged ${policy.title} for ${r.practiceName}`,
                  )
                }
              />,
            ],
          }))}
        />
      )}
      {rows.some((r) => r.adopted?.localAnnex) && (
        <>
          <h3 className="nhsuk-heading-m">Local annexes</h3>
          {rows
            .filter((r) => r.adopted?.localAnnex)
            .map((r) => (
              <Details key={r.practiceId} summary={`${r.practiceName}’s annex`}>
                <Markdown text={r.adopted?.localAnnex ?? ''} baseLevel={3} />
              </Details>
            ))}
        </>
      )}
      {policy.current && rows.some((r) => r.canAdopt && !r.onCurrentVersion) && (
        <AdoptForm policy={policy} rows={rows.filter((r) => r.canAdopt)} onChanged={onChanged} />
      )}
    </section>
  );
}

function MyPart({
  row,
  onAcknowledge,
}: {
  policy: PolicyDetail;
  row: PracticeCompliance;
  onAcknowledge: () => Promise<void>;
}) {
  if (!row.me.staff) return <>–</>;
  if (!row.adopted) return <>Nothing adopted yet</>;
  if (row.me.acknowledged) return <>You have acknowledged it</>;
  return (
    <button
      type="button"
      className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
      onClick={() => void onAcknowledge()}
    >
      {`I have read version ${String(row.adopted.number)}`}
    </button>
  );
}

const adoptIds = { practice: 'adopt-practice', annex: 'adopt-annex' } as const;

function AdoptForm({
  policy,
  rows,
  onChanged,
}: {
  policy: PolicyDetail;
  rows: readonly PracticeCompliance[];
  onChanged: (message: string) => void;
}) {
  const current = policy.current;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('localAnnex') ? `#${adoptIds.annex}` : `#${adoptIds.practice}`,
        fallbackHref: `#${adoptIds.practice}`,
      }),
  });
  if (!current) return null;
  const handleSubmit = onSubmit((form, element) => {
    const practiceId = fieldValue(form, adoptIds.practice);
    const localAnnex = policy.localAnnexAllowed ? fieldText(form, adoptIds.annex) : '';
    if (practiceId === '') {
      setErrors([{ text: 'Choose the practice', href: `#${adoptIds.practice}` }]);
      return;
    }
    void send(async () => {
      await adoptPolicy(policy.id, {
        practiceId,
        versionId: current.id,
        ...(localAnnex.trim() ? { localAnnex } : {}),
      });
      element.reset();
      const name = rows.find((r) => r.practiceId === practiceId)?.practiceName ?? 'The practice';
      onChanged(`${name} has adopted version ${String(current.number)}`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Adopt the current version">
      <h3 className="nhsuk-heading-m">{`Adopt version ${String(current.number)}`}</h3>
      <ErrorSummary items={errors} />
      <Select
        id={adoptIds.practice}
        label="Practice"
        prompt="Choose the practice"
        options={rows
          .filter((r) => !r.onCurrentVersion)
          .map((r) => ({ value: r.practiceId, label: r.practiceName }))}
        error={fieldError(adoptIds.practice)}
      />
      {policy.localAnnexAllowed && (
        <Textarea
          id={adoptIds.annex}
          label="Local annex (optional)"
          hint="Markdown: what is particular to this practice, such as named leads"
          rows={5}
          error={fieldError(adoptIds.annex)}
        />
      )}
      <Button aria-disabled={busy}>Adopt</Button>
    </form>
  );
}

function Versions({
  policy,
  onChanged,
}: {
  policy: PolicyDetail;
  onChanged: (message: string) => void;
}) {
  const [errors, setErrors] = useState<{ text: string; href: string }[]>([]);
  const approve = async (versionId: string, number: number) => {
    setErrors([]);
    try {
      await approvePolicyVersion(policy.id, versionId);
      onChanged(`Version ${String(number)} is approved`);
    } catch (error) {
      setErrors(
        refusalItems(error, {
          hrefFor: () => '#policy-versions',
          fallbackHref: '#policy-versions',
        }),
      );
    }
  };
  return (
    <section aria-labelledby="policy-versions">
      <h2 className="nhsuk-heading-l" id="policy-versions">
        Versions
      </h2>
      <ErrorSummary items={errors} />
      {policy.versions.length === 0 ? (
        <p>No version yet.</p>
      ) : (
        <WideTable
          caption="Every version, newest first"
          head={['Version', 'Status', 'Effective', 'Review by', 'Change', 'Approved by']}
          rows={policy.versions.map((v) => ({
            key: v.id,
            cells: [
              String(v.number),
              v.status === 'approved' ? (
                <strong key="s" className="nhsuk-tag nhsuk-tag--green">
                  Approved
                </strong>
              ) : policy.canManage ? (
                <button
                  key="s"
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                  onClick={() => void approve(v.id, v.number)}
                >
                  {`Approve version ${String(v.number)}`}
                </button>
              ) : (
                <strong key="s" className="nhsuk-tag nhsuk-tag--grey">
                  Draft
                </strong>
              ),
              formatDate(v.effectiveFrom),
              formatDate(v.reviewBy),
              v.changeSummary,
              v.approvedByName ? `${v.approvedByName} (${v.approvedRole ?? ''})` : '–',
            ],
          }))}
        />
      )}
    </section>
  );
}

function InForceOn({ policyId }: { policyId: string }) {
  const [shown, setShown] = useState<{ on: string; version: PolicyVersion | null } | null>(null);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: () => '#policy-in-force-on',
        fallbackHref: '#policy-in-force-on',
      }),
  });
  const handleSubmit = onSubmit((form) => {
    const on = fieldValue(form, 'policy-in-force-on');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) {
      setErrors([{ text: 'Enter a date', href: '#policy-in-force-on' }]);
      return;
    }
    void send(async () => {
      setShown({ on, version: await fetchPolicyInForce(policyId, on) });
    });
  });
  return (
    <section aria-labelledby="policy-in-force-heading">
      <h2 className="nhsuk-heading-l" id="policy-in-force-heading">
        What was in force on a date
      </h2>
      <form onSubmit={handleSubmit} noValidate aria-label="In force on a date">
        <ErrorSummary items={errors} />
        <TextInput
          id="policy-in-force-on"
          label="Date"
          type="date"
          className="nhsuk-input--width-10"
          error={fieldError('policy-in-force-on')}
        />
        <Button aria-disabled={busy}>Show</Button>
      </form>
      {shown && (
        <div aria-live="polite">
          {shown.version ? (
            <>
              <p>
                <strong>{`Version ${String(shown.version.number)}`}</strong>
                {` was in force on ${formatDate(shown.on)} (effective from ${formatDate(shown.version.effectiveFrom)}).`}
              </p>
              <Markdown text={shown.version.body} />
            </>
          ) : (
            <p>{`No version was in force on ${formatDate(shown.on)}.`}</p>
          )}
        </div>
      )}
    </section>
  );
}

function Compare({ policy }: { policy: PolicyDetail }) {
  const [diff, setDiff] = useState<{
    from: number;
    to: number;
    lines: ReturnType<typeof policyDiff>;
  } | null>(null);
  const { errors, setErrors, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, { hrefFor: () => '#compare-from', fallbackHref: '#compare-from' }),
  });
  const choices = policy.versions.map((v) => ({
    value: v.id,
    label: `Version ${String(v.number)}${v.status === 'draft' ? ' (draft)' : ''}`,
  }));
  const handleSubmit = onSubmit((form) => {
    const fromId = fieldValue(form, 'compare-from');
    const toId = fieldValue(form, 'compare-to');
    if (fromId === toId) {
      setErrors([{ text: 'Choose two different versions', href: '#compare-to' }]);
      return;
    }
    void send(async () => {
      const [from, to] = await Promise.all([
        fetchPolicyVersion(policy.id, fromId),
        fetchPolicyVersion(policy.id, toId),
      ]);
      setDiff({ from: from.number, to: to.number, lines: policyDiff(from.body, to.body) });
    });
  });
  const [newest, older] = policy.versions;
  return (
    <section aria-labelledby="policy-compare">
      <h2 className="nhsuk-heading-l" id="policy-compare">
        Compare versions
      </h2>
      <form onSubmit={handleSubmit} noValidate aria-label="Compare versions">
        <ErrorSummary items={errors} />
        <Select id="compare-from" label="From" options={choices} defaultValue={older?.id} />
        <Select id="compare-to" label="To" options={choices} defaultValue={newest?.id} />
        <Button aria-disabled={busy}>Compare</Button>
      </form>
      {diff && (
        <div aria-live="polite">
          <p>
            {`From version ${String(diff.from)} to version ${String(diff.to)}: `}
            {`${String(diff.lines.filter((l) => l.kind === 'added').length)} lines added, `}
            {`${String(diff.lines.filter((l) => l.kind === 'removed').length)} removed.`}
          </p>
          <pre
            className="atscale-diff"
            aria-label="Differences"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {diff.lines.map((line, i) =>
              line.kind === 'added' ? (
                <ins key={i} style={{ display: 'block', background: '#cce2d8' }}>
                  {`+ ${line.text}`}
                </ins>
              ) : line.kind === 'removed' ? (
                <del key={i} style={{ display: 'block', background: '#f6d7d2' }}>
                  {`- ${line.text}`}
                </del>
              ) : (
                <span key={i} style={{ display: 'block' }}>{`  ${line.text}`}</span>
              ),
            )}
          </pre>
        </div>
      )}
    </section>
  );
}

const draftIds = {
  body: 'draft-body',
  summary: 'draft-change-summary',
  from: 'draft-effective-from',
  review: 'draft-review-by',
} as const;

function NewDraftForm({
  policyId,
  onChanged,
}: {
  policyId: string;
  onChanged: (message: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('changeSummary')
            ? `#${draftIds.summary}`
            : field.endsWith('effectiveFrom')
              ? `#${draftIds.from}`
              : field.endsWith('reviewBy')
                ? `#${draftIds.review}`
                : `#${draftIds.body}`,
        fallbackHref: `#${draftIds.body}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const body = fieldText(form, draftIds.body);
    const changeSummary = fieldValue(form, draftIds.summary);
    const effectiveFrom = fieldValue(form, draftIds.from);
    const reviewBy = fieldValue(form, draftIds.review);
    const problems = [];
    if (body.trim() === '')
      problems.push({ text: 'Enter the policy text', href: `#${draftIds.body}` });
    if (changeSummary === '') {
      problems.push({ text: 'Enter a summary of the change', href: `#${draftIds.summary}` });
    }
    if (effectiveFrom === '')
      problems.push({ text: 'Enter the effective date', href: `#${draftIds.from}` });
    if (reviewBy === '')
      problems.push({ text: 'Enter the review date', href: `#${draftIds.review}` });
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      const version = await addPolicyDraft(policyId, {
        body,
        changeSummary,
        effectiveFrom,
        reviewBy,
      });
      element.reset();
      onChanged(`Draft version ${String(version.number)} added: approve it to put it in force`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="New draft version">
      <h2 className="nhsuk-heading-l">New draft version</h2>
      <ErrorSummary items={errors} />
      <Textarea
        id={draftIds.body}
        label="Policy text"
        hint="Markdown: # for headings, - for lists, **bold**"
        rows={12}
        error={fieldError(draftIds.body)}
      />
      <TextInput id={draftIds.summary} label="What changed" error={fieldError(draftIds.summary)} />
      <TextInput
        id={draftIds.from}
        label="Effective from"
        type="date"
        className="nhsuk-input--width-10"
        error={fieldError(draftIds.from)}
      />
      <TextInput
        id={draftIds.review}
        label="Review by"
        type="date"
        className="nhsuk-input--width-10"
        error={fieldError(draftIds.review)}
      />
      <Button aria-disabled={busy}>Save draft</Button>
    </form>
  );
}
