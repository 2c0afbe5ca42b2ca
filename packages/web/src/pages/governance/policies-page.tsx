import { useState } from 'react';
import { CQC_KEY_QUESTION_LABELS, PERMISSIONS } from '@atscale/domain';
import type { Me } from '../../api/me';
import {
  createPolicy,
  fetchPolicies,
  fetchPolicyGaps,
  fetchPolicyOwners,
  type KeyQuestion,
  type PolicyGaps,
  type PolicySummary,
} from '../../api/policies';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/checkboxes';
import { ErrorSummary } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { WideTable } from '../../components/wide-table';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { fieldValue } from '../../forms/form-data';
import { refusalItems } from '../../forms/error-items';
import { useFormSubmission } from '../../forms/use-form-submission';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const ids = {
  title: 'policy-title',
  owner: 'policy-owner',
  questions: 'policy-key-questions',
  annex: 'policy-local-annex',
} as const;

/** The policy library (GOV-1): every central policy, the gaps, and a new policy for governance. */
export function PoliciesPage({ me }: { me: Me }) {
  const managers: readonly string[] = PERMISSIONS['policies:manage'];
  const canManage = me.roles.some((r) => managers.includes(r.role));
  useDocumentTitle('Policy library');
  const policies = useApi('policies', fetchPolicies);
  const gaps = useApi('policy-gaps', fetchPolicyGaps);
  const [created, setCreated] = useState<string | null>(null);
  if (policies.state.status === 'loading' || gaps.state.status === 'loading') {
    return <LoadingPage />;
  }
  if (policies.state.status === 'error') {
    if (policies.state.httpStatus === 403)
      return <PermissionDeniedPage what="the policy library" />;
    return <ServiceUnavailablePage detail={policies.state.detail} />;
  }
  if (gaps.state.status === 'error') return <ServiceUnavailablePage detail={gaps.state.detail} />;
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">Policy library</PageHeading>
      {created && <SuccessBanner>{created}</SuccessBanner>}
      <p className="nhsuk-body-l">
        The central policies every practice adopts, each version approved and kept, with what each
        practice has adopted and which of its staff have read it.
      </p>
      <PolicyList policies={policies.state.data} />
      <Gaps gaps={gaps.state.data} />
      {canManage && (
        <NewPolicyForm
          onCreated={(title) => {
            setCreated(`Created “${title}”: add its first version from the policy’s page`);
            void policies.reload();
          }}
        />
      )}
    </>
  );
}

function PolicyList({ policies }: { policies: readonly PolicySummary[] }) {
  if (policies.length === 0) return <p>No policies yet.</p>;
  return (
    <WideTable
      caption="Policies"
      head={['Policy', 'Owner', 'Current version', 'Review due', 'Key questions']}
      rows={policies.map((p) => ({
        key: p.id,
        cells: [
          <Link key="title" to={`/governance/policies/${p.id}`}>
            {p.title}
          </Link>,
          p.owner.name,
          p.current
            ? `Version ${String(p.current.number)} from ${formatDate(p.current.effectiveFrom)}`
            : 'None in force',
          p.current ? (
            p.reviewOverdue ? (
              <strong key="due" className="nhsuk-tag nhsuk-tag--red">
                {`Overdue since ${formatDate(p.current.reviewBy)}`}
              </strong>
            ) : (
              formatDate(p.current.reviewBy)
            )
          ) : (
            '–'
          ),
          p.keyQuestions.map((q) => CQC_KEY_QUESTION_LABELS[q]).join(', '),
        ],
      }))}
    />
  );
}

function Gaps({ gaps }: { gaps: PolicyGaps }) {
  return (
    <>
      <h2 className="nhsuk-heading-m">Gaps</h2>
      {gaps.overdueReviews.length === 0 ? (
        <p>No review is overdue.</p>
      ) : (
        <WideTable
          caption="Overdue reviews"
          head={['Policy', 'Review was due']}
          rows={gaps.overdueReviews.map((o) => ({
            key: o.policyId,
            cells: [
              <Link key="p" to={`/governance/policies/${o.policyId}`}>
                {o.title}
              </Link>,
              formatDate(o.reviewBy),
            ],
          }))}
        />
      )}
      {gaps.notAdopted.length === 0 ? (
        <p>Every practice has adopted every current version.</p>
      ) : (
        <WideTable
          caption="Practices not on the current version"
          head={['Practice', 'Policy', 'Adopted']}
          rows={gaps.notAdopted.map((g) => ({
            key: `${g.policyId} ${g.practiceId}`,
            cells: [
              g.practiceName,
              <Link key="p" to={`/governance/policies/${g.policyId}`}>
                {g.title}
              </Link>,
              g.adoptedNumber === null ? 'Nothing' : `Version ${String(g.adoptedNumber)}`,
            ],
          }))}
        />
      )}
      {gaps.missingAcknowledgements.length === 0 ? (
        <p>Every member of staff has acknowledged what their practice adopted.</p>
      ) : (
        <WideTable
          caption="Missing acknowledgements"
          head={['Practice', 'Policy', 'Acknowledged']}
          rows={gaps.missingAcknowledgements.map((g) => ({
            key: `${g.policyId} ${g.practiceId}`,
            cells: [
              g.practiceName,
              <Link key="p" to={`/governance/policies/${g.policyId}`}>
                {g.title}
              </Link>,
              `${String(g.acknowledged)} of ${String(g.staff)}`,
            ],
          }))}
        />
      )}
    </>
  );
}

function NewPolicyForm({ onCreated }: { onCreated: (title: string) => void }) {
  const owners = useApi('policy-owners', fetchPolicyOwners);
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: (error) =>
      refusalItems(error, {
        hrefFor: (field) =>
          field.endsWith('ownerId')
            ? `#${ids.owner}`
            : field.endsWith('keyQuestions')
              ? `#${ids.questions}`
              : `#${ids.title}`,
        fallbackHref: `#${ids.title}`,
      }),
  });
  const handleSubmit = onSubmit((form, element) => {
    const title = fieldValue(form, ids.title);
    const ownerId = fieldValue(form, ids.owner);
    const keyQuestions = form.getAll(ids.questions).map(String) as KeyQuestion[];
    const localAnnexAllowed = form.getAll(ids.annex).includes('yes');
    const problems = [];
    if (title === '') problems.push({ text: 'Enter a title', href: `#${ids.title}` });
    if (ownerId === '') problems.push({ text: 'Choose the owner', href: `#${ids.owner}` });
    if (problems.length > 0) {
      setErrors(problems);
      return;
    }
    void send(async () => {
      await createPolicy({ title, ownerId, keyQuestions, localAnnexAllowed });
      element.reset();
      onCreated(title);
    });
  });
  const ownerChoices =
    owners.state.status === 'done'
      ? owners.state.data.map((o) => ({ value: o.id, label: o.name }))
      : [];
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="New policy">
      <h2 className="nhsuk-heading-m">New policy</h2>
      <ErrorSummary items={errors} />
      <TextInput id={ids.title} label="Title" error={fieldError(ids.title)} />
      <Select
        id={ids.owner}
        label="Owner"
        prompt="Choose the owner"
        options={ownerChoices}
        error={fieldError(ids.owner)}
      />
      <Checkboxes
        id={ids.questions}
        legend="CQC key questions it supports"
        error={fieldError(ids.questions)}
        choices={Object.entries(CQC_KEY_QUESTION_LABELS).map(([value, label]) => ({
          value,
          label,
        }))}
        small
      />
      <Checkboxes
        id={ids.annex}
        legend="Local annex"
        choices={[{ value: 'yes', label: 'Practices may add a local annex' }]}
        small
      />
      <Button aria-disabled={busy}>Create policy</Button>
    </form>
  );
}
