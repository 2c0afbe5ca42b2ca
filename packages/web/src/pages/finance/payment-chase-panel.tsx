import { useEffect, useRef } from 'react';
import {
  fetchChases,
  recordChase,
  setPaymentOwner,
  type AgeingItem,
  type PaymentPerson,
} from '../../api/finance-payments';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { Select } from '../../components/select';
import { SummaryList } from '../../components/summary-list';
import { Textarea } from '../../components/textarea';
import { WideTable } from '../../components/wide-table';
import { dateInputToIso } from '../../format/date-input';
import { formatDate, formatPence } from '../../format/format';
import { dateParts, fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { todayInEngland } from '../access/booking/booking-api';
import { refusedFinanceForm } from './finance-form-fields';
import { chaseMethodChoices, chaseMethodLabel, paymentKindLabel } from './payments-figures';

const ids = {
  ownerId: 'payment-owner',
  method: 'chase-method',
  chasedOn: 'chase-on',
  note: 'chase-note',
  nextActionOn: 'chase-next',
} as const;

/** Who chases the payment: a person the page knows of, or nobody. */
function OwnerForm({
  item,
  people,
  onSaved,
}: {
  item: AgeingItem;
  people: readonly PaymentPerson[];
  onSaved: (text: string) => void;
}) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm({ ownerId: ids.ownerId }, ids.ownerId),
  });
  const handleSubmit = onSubmit((form) => {
    const ownerId = fieldValue(form, ids.ownerId);
    const owner = people.find((p) => p.id === ownerId);
    if (ownerId !== '' && !owner) {
      setErrors([{ text: 'Choose who chases it, or nobody', href: `#${ids.ownerId}` }]);
      return;
    }
    void send(async () => {
      await setPaymentOwner(item.id, owner ? owner.id : null);
      onSaved(
        owner
          ? `${owner.name} now chases ${item.description}`
          : `Nobody chases ${item.description} now`,
      );
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Choose who chases the payment">
      <ErrorSummary items={errors} />
      <Select
        id={ids.ownerId}
        label="Who chases it"
        hint="Central finance can chase for every practice"
        options={[
          { value: '', label: 'Nobody' },
          ...people.map((p) => ({ value: p.id, label: p.name })),
        ]}
        defaultValue={item.owner?.id ?? ''}
        error={fieldError(ids.ownerId)}
      />
      <Button variant="secondary" aria-disabled={busy}>
        Save who chases it
      </Button>
    </form>
  );
}

/** Records a chase: how, when, what was said and when to act next. */
function ChaseForm({ item, onSaved }: { item: AgeingItem; onSaved: (text: string) => void }) {
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedFinanceForm(
      {
        method: ids.method,
        chasedOn: `${ids.chasedOn}-day`,
        note: ids.note,
        nextActionOn: `${ids.nextActionOn}-day`,
      },
      ids.method,
    ),
  });
  const today = todayInEngland();
  const handleSubmit = onSubmit((form) => {
    const problems: ErrorSummaryItem[] = [];
    const method = fieldValue(form, ids.method);
    if (method === '') problems.push({ text: 'Choose how it was chased', href: `#${ids.method}` });
    const chasedOn = dateInputToIso(dateParts(form, ids.chasedOn), 'Date chased');
    if (!chasedOn.ok) problems.push({ text: chasedOn.message, href: `#${ids.chasedOn}-day` });
    else if (chasedOn.iso > today) {
      problems.push({ text: 'Date chased must be today or earlier', href: `#${ids.chasedOn}-day` });
    }
    const nextParts = dateParts(form, ids.nextActionOn);
    const noNext = nextParts.day === '' && nextParts.month === '' && nextParts.year === '';
    const next = noNext ? null : dateInputToIso(nextParts, 'Next action');
    if (next && !next.ok) problems.push({ text: next.message, href: `#${ids.nextActionOn}-day` });
    if (problems.length > 0 || !chasedOn.ok || (next && !next.ok)) {
      setErrors(problems);
      return;
    }
    const note = fieldValue(form, ids.note);
    void send(async () => {
      await recordChase(item.id, {
        method,
        chasedOn: chasedOn.iso,
        note: note === '' ? null : note,
        nextActionOn: next?.ok ? next.iso : null,
      });
      onSaved(`Recorded a chase of ${item.description}`);
    });
  });
  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Record a chase">
      <ErrorSummary items={errors} />
      <Select
        id={ids.method}
        label="How it was chased"
        prompt="Choose how"
        options={chaseMethodChoices}
        error={fieldError(ids.method)}
      />
      <DateInput
        id={ids.chasedOn}
        legend="Date chased"
        defaultValue={today}
        error={fieldError(`${ids.chasedOn}-day`)}
      />
      <Textarea
        id={ids.note}
        label="What was said (optional)"
        maxLength={1000}
        error={fieldError(ids.note)}
      />
      <DateInput
        id={ids.nextActionOn}
        legend="Next action (optional)"
        hint="When to chase again, if it has not arrived"
        error={fieldError(`${ids.nextActionOn}-day`)}
      />
      <Button aria-disabled={busy}>Record chase</Button>
    </form>
  );
}

/** The chases of a payment, newest first. */
function ChaseLog({ paymentId }: { paymentId: string }) {
  const chases = useApi(`chases ${paymentId}`, () => fetchChases(paymentId));
  if (chases.state.status === 'error') {
    return <p>The chase log could not be loaded: {chases.state.detail}</p>;
  }
  if (chases.state.status === 'loading') return <p>Loading the chase log…</p>;
  if (chases.state.data.length === 0) return <p>Nobody has chased it yet.</p>;
  return (
    <WideTable
      caption="Chase log"
      head={['Date', 'How', 'By', 'What was said', 'Next action']}
      rows={chases.state.data.map((chase) => ({
        key: String(chase.id),
        cells: [
          formatDate(chase.chasedOn),
          chaseMethodLabel(chase.method),
          chase.chasedBy?.name ?? 'Not recorded',
          chase.note,
          chase.nextActionOn ? formatDate(chase.nextActionOn) : 'None',
        ],
      }))}
    />
  );
}

/**
 * One overdue payment opened from the ageing list: what it is, who chases it, a form to record a
 * chase (central finance) and its chase log. Takes the focus when opened, so a keyboard user
 * lands on it.
 */
export function PaymentChasePanel({
  item,
  people,
  canManage,
  onSaved,
  onClose,
}: {
  item: AgeingItem;
  people: readonly PaymentPerson[];
  canManage: boolean;
  onSaved: (text: string) => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [item.id]);
  return (
    <section aria-labelledby="chase-panel-heading" className="nhsuk-u-margin-top-5">
      <h3 id="chase-panel-heading" ref={heading} tabIndex={-1}>
        {item.description}: {item.practice.name}
      </h3>
      <SummaryList
        rows={[
          { key: 'Kind', value: paymentKindLabel(item.kind) },
          { key: 'Payer', value: item.payer },
          { key: 'Reference', value: item.reference ?? 'None' },
          { key: 'Amount', value: formatPence(item.amountPence) },
          { key: 'Due', value: `${formatDate(item.dueOn)} (${String(item.daysOverdue)} days ago)` },
          { key: 'Who chases it', value: item.owner?.name ?? 'Nobody' },
        ]}
      />
      {canManage ? (
        <>
          <OwnerForm item={item} people={people} onSaved={onSaved} />
          <h4>Record a chase</h4>
          <ChaseForm item={item} onSaved={onSaved} />
        </>
      ) : null}
      <ChaseLog paymentId={item.id} />
      <Button type="button" variant="secondary" onClick={onClose}>
        Close<span className="nhsuk-u-visually-hidden"> {item.description}</span>
      </Button>
    </section>
  );
}
