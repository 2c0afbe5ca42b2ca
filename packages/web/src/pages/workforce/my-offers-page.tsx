import { useRef, useState } from 'react';
import { STAFF_ROLE_LABELS } from '@atscale/domain';
import { fetchMyOffers, respondToOffer, type MyOffer } from '../../api/pools';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { useFormSubmission } from '../../forms/use-form-submission';
import { LoadingPage } from '../loading-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { refusedItems } from '../organisation/site-form-values';
import { useSavedNotice } from '../organisation/use-saved-notice';

const STATUS_TAGS: Readonly<Record<MyOffer['status'], { text: string; colour: string }>> = {
  offered: { text: 'Waiting for your answer', colour: 'blue' },
  accepted: { text: 'Accepted', colour: 'green' },
  declined: { text: 'Declined', colour: 'grey' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
};

const englandDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const englandTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** When a session is, in England: "1 December 2026, 08:00 to 12:30". */
const sessionWhen = (offer: MyOffer) =>
  `${formatDate(englandDate.format(new Date(offer.startsAt)))}, ${englandTime.format(new Date(offer.startsAt))} to ${englandTime.format(new Date(offer.endsAt))}`;

const answerId = (offer: MyOffer) => `offer-${offer.id}`;

/** The gap sessions the central workforce team offered the signed-in pool member, to answer. */
export function MyOffersPage() {
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  useDocumentTitle(`${errors.length > 0 ? 'Error: ' : ''}My offers`);
  const offers = useApi('my-offers', fetchMyOffers);
  const { notice, saved } = useSavedNotice(offers.reload);
  // The offer being answered: a refusal links to its Accept button.
  const answering = useRef('');
  const { busy, send } = useFormSubmission({
    refused: (error) => refusedItems(() => answering.current, answering.current)(error),
    shared: { errors, onErrors: setErrors },
  });

  const list = offers.state.status === 'done' ? offers.state.data : offers.last;
  if (offers.state.status === 'error' && !list) {
    return <ServiceUnavailablePage detail={offers.state.detail} />;
  }
  if (!list) return <LoadingPage />;

  const answer = (offer: MyOffer, choice: 'accepted' | 'declined') => {
    answering.current = answerId(offer);
    void send(async () => {
      await respondToOffer(offer.id, choice);
      saved(
        `${choice === 'accepted' ? 'Accepted' : 'Declined'}: ${offer.siteName}, ${sessionWhen(offer)}`,
      );
    });
  };
  const open = list.filter((offer) => offer.status === 'offered');
  const answered = list.filter((offer) => offer.status !== 'offered');

  return (
    <>
      {notice ? <SuccessBanner key={notice.version}>{notice.text}</SuccessBanner> : null}
      <BackLink to="/workforce">Workforce</BackLink>
      <ErrorSummary items={errors} />
      <PageHeading caption="Workforce">My offers</PageHeading>
      <p className="nhsuk-lede-text">
        Sessions the central workforce team has offered you from the pool. Accepting puts you on the
        rota if the session is still short and fits your week.
      </p>
      {open.length === 0 ? (
        <p>No offers are waiting for your answer.</p>
      ) : (
        <Table
          caption={`${String(open.length)} ${open.length === 1 ? 'offer' : 'offers'} waiting for your answer`}
          head={['Session', 'Site', 'Offered', 'Your answer']}
          rows={open.map((offer) => ({
            key: offer.id,
            cells: [
              `${STAFF_ROLE_LABELS[offer.requiredRole]}, ${sessionWhen(offer)}`,
              offer.siteName,
              formatDate(offer.offeredAt),
              <div className="nhsuk-button-group nhsuk-u-margin-bottom-0" key="answer">
                <Button
                  type="button"
                  id={answerId(offer)}
                  className="nhsuk-u-margin-bottom-0"
                  aria-disabled={busy}
                  aria-label={`Accept ${offer.siteName}, ${sessionWhen(offer)}`}
                  onClick={() => {
                    answer(offer, 'accepted');
                  }}
                >
                  Accept
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  className="nhsuk-u-margin-bottom-0"
                  aria-disabled={busy}
                  aria-label={`Decline ${offer.siteName}, ${sessionWhen(offer)}`}
                  onClick={() => {
                    answer(offer, 'declined');
                  }}
                >
                  Decline
                </Button>
              </div>,
            ],
          }))}
        />
      )}
      {answered.length === 0 ? null : (
        <Table
          caption="Offers you have answered"
          head={['Session', 'Site', 'Answer']}
          rows={answered.map((offer) => ({
            key: offer.id,
            cells: [
              `${STAFF_ROLE_LABELS[offer.requiredRole]}, ${sessionWhen(offer)}`,
              offer.siteName,
              <strong
                className={`nhsuk-tag nhsuk-tag--${STATUS_TAGS[offer.status].colour}`}
                key="status"
              >
                {STATUS_TAGS[offer.status].text}
              </strong>,
            ],
          }))}
        />
      )}
    </>
  );
}
