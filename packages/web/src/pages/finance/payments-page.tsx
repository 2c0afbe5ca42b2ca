import { useState } from 'react';
import { financialYearOf } from '@atscale/domain';
import {
  fetchExpectedPayments,
  fetchPaymentAgeing,
  fetchReviewQueue,
  type AgeingItem,
  type ExpectedStatus,
} from '../../api/finance-payments';
import type { Me } from '../../api/me';
import { fetchOrganisation } from '../../api/organisation';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { PageHeading } from '../../components/page-heading';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { todayInEngland } from '../access/booking/booking-api';
import { LoadingPage } from '../loading-page';
import { useSavedNotice } from '../organisation/use-saved-notice';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { ExpectedPaymentForm } from './expected-payment-form';
import { ExpectedPaymentsTable } from './expected-payments-table';
import { financeAccessOf, mayOpenFinancePage } from './finance-access';
import { OverduePaymentsSummary } from './overdue-payments-summary';
import { OverduePaymentsTable, chaseButtonId } from './overdue-payments-table';
import { PaymentChasePanel } from './payment-chase-panel';
import { ownerChoices } from './payments-figures';
import { PeriodPicker, usePeriod } from './period-picker';
import { ReviewQueueList } from './review-queue';
import { ScheduleForm } from './schedule-form';
import { StatementImportForm } from './statement-import-form';

const STATUS_CHOICES = [
  { value: 'all', label: 'All payments' },
  { value: 'outstanding', label: 'Not yet received' },
  { value: 'received', label: 'Received' },
];
const isStatus = (value: string): value is ExpectedStatus =>
  STATUS_CHOICES.some((choice) => choice.value === value);

// A received payment can settle one due up to about two years back or a year ahead.
const MATCHABLE = { from: todayInEngland(-800), to: todayInEngland(400) };

/**
 * Payment tracking (FIN-4), for central finance: import a bank or remittance statement, match
 * what the automatic matching left for review, chase the overdue payments across every practice
 * (owner, chase log, next action), and keep the expected payments: by hand, or a practice's
 * schedule for the year. An organisation-wide reader sees the lists without the forms.
 */
export function PaymentsPage({ me }: { me: Me }) {
  useDocumentTitle('Payments');
  const access = financeAccessOf(me);
  const allowed = mayOpenFinancePage('/finance/payments', access);
  const manage = access.manage;
  const periodState = usePeriod();
  const { period } = periodState;
  const [practiceId, setPracticeId] = useState('');
  const [status, setStatus] = useState<ExpectedStatus>('all');
  const [openId, setOpenId] = useState<string | null>(null);

  const ageing = useApi('payments ageing', () => fetchPaymentAgeing());
  const review = useApi('payments review', () =>
    manage ? fetchReviewQueue() : Promise.resolve(null),
  );
  const outstanding = useApi('payments outstanding', () =>
    manage ? fetchExpectedPayments(MATCHABLE, { status: 'outstanding' }) : Promise.resolve([]),
  );
  const listKey = `${period.from} ${period.to} ${practiceId} ${status}`;
  const expected = useApi(`payments expected ${listKey}`, () =>
    fetchExpectedPayments(period, { status, ...(practiceId === '' ? {} : { practiceId }) }),
  );
  const organisation = useApi('payments practices', () =>
    fetchOrganisation().then((org) =>
      [...org.practices].sort((a, b) => a.name.localeCompare(b.name)),
    ),
  );
  const { notice, saved } = useSavedNotice(async () => {
    await Promise.all([ageing.reload(), review.reload(), outstanding.reload(), expected.reload()]);
  });

  if (!allowed) return <PermissionDeniedPage what="payment tracking" />;
  for (const state of [ageing.state, review.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="payment tracking" />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  const ageingData = ageing.state.status === 'done' ? ageing.state.data : ageing.last;
  if (ageingData === undefined) return <LoadingPage />;
  const reviewData = review.state.status === 'done' ? review.state.data : review.last;
  const outstandingList = outstanding.state.status === 'done' ? outstanding.state.data : [];
  const expectedList = expected.state.status === 'done' ? expected.state.data : expected.last;
  const practices = organisation.state.status === 'done' ? organisation.state.data : [];
  const today = todayInEngland();
  const version = String(notice?.version ?? 0);
  const opened: AgeingItem | undefined = ageingData.items.find((item) => item.id === openId);
  const people = ownerChoices({ id: me.user.id, name: me.user.displayName }, ageingData.items);

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/finance">Finance</BackLink>
      <PageHeading caption="Finance">Payments</PageHeading>
      <p>
        What each practice is owed under its contract, what the bank received, and who is chasing
        what has not arrived.
      </p>

      {manage ? (
        <>
          <h2>Import a statement</h2>
          <StatementImportForm key={`import ${version}`} onImported={saved} />

          <h2>Waiting for review</h2>
          {reviewData ? (
            <ReviewQueueList
              key={`review ${version}`}
              queue={reviewData}
              outstanding={outstandingList}
              onMatched={saved}
            />
          ) : (
            <p>Loading the payments waiting for review…</p>
          )}
        </>
      ) : null}

      <h2>Overdue payments on {formatDate(ageingData.on)}</h2>
      <OverduePaymentsSummary ageing={ageingData} />
      <OverduePaymentsTable
        caption="Overdue payments, oldest first"
        items={ageingData.items}
        onOpen={(item) => {
          setOpenId(item.id);
        }}
      />
      {opened ? (
        <PaymentChasePanel
          key={`${opened.id} ${version}`}
          item={opened}
          people={people}
          canManage={manage}
          onSaved={saved}
          onClose={() => {
            setOpenId(null);
            // Back to the row's button, so a keyboard user carries on down the list.
            requestAnimationFrame(() => {
              document.getElementById(chaseButtonId(opened.id))?.focus();
            });
          }}
        />
      ) : null}

      <h2>Expected payments</h2>
      {manage ? (
        <>
          <Details summary="Add expected payment">
            <ExpectedPaymentForm key={`add ${version}`} practices={practices} onSaved={saved} />
          </Details>
          <Details summary="Generate this year’s schedule for a practice">
            <ScheduleForm
              key={`schedule ${version}`}
              practices={practices}
              thisYear={financialYearOf(today)}
              onSaved={saved}
            />
          </Details>
        </>
      ) : null}
      <Select
        id="expected-filter-practice"
        label="Practice"
        options={[
          { value: '', label: 'Every practice' },
          ...practices.map((p) => ({ value: p.id, label: p.name })),
        ]}
        value={practiceId}
        onChange={(event) => {
          setPracticeId(event.target.value);
        }}
      />
      <Select
        id="expected-filter-status"
        label="Show"
        options={STATUS_CHOICES}
        value={status}
        onChange={(event) => {
          const value = event.target.value;
          setStatus(isStatus(value) ? value : 'all');
        }}
      />
      <PeriodPicker id="expected" state={periodState} />
      {expected.state.status === 'error' ? (
        <p>The expected payments could not be loaded: {expected.state.detail}</p>
      ) : expectedList ? (
        <ExpectedPaymentsTable
          key={`expected ${version}`}
          caption={`Expected payments: ${period.label}`}
          payments={expectedList}
          today={today}
          canUnmatch={manage}
          onUnmatched={saved}
        />
      ) : (
        <p>Loading the expected payments…</p>
      )}
    </>
  );
}
