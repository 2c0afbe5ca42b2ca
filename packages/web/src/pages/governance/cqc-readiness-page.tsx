import {
  CQC_KEY_QUESTIONS,
  CQC_KEY_QUESTION_LABELS,
  CQC_RATING_LABELS,
  CQC_RATINGS,
  CQC_READINESS_LABELS,
  CQC_READINESS_LEVELS,
  type CqcRating,
  type CqcReadiness,
} from '@atscale/domain';
import { fetchCqcSummary, type CqcSummary } from '../../api/cqc';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { useDocumentTitle } from '../../components/use-document-title';
import { WideTable } from '../../components/wide-table';
import { formatDate } from '../../format/format';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const RATING_TAGS: Readonly<Record<CqcRating, string>> = {
  outstanding: 'nhsuk-tag--blue',
  good: 'nhsuk-tag--green',
  'requires-improvement': 'nhsuk-tag--orange',
  inadequate: 'nhsuk-tag--red',
  'not-rated': 'nhsuk-tag--grey',
};

const READINESS_TAGS: Readonly<Record<CqcReadiness, string>> = {
  ready: 'nhsuk-tag--green',
  'some-gaps': 'nhsuk-tag--yellow',
  'not-ready': 'nhsuk-tag--red',
};

/** A CQC rating as an NHS.UK tag. */
export function RatingTag({ rating }: { rating: CqcRating }) {
  return (
    <strong className={`nhsuk-tag ${RATING_TAGS[rating]}`}>{CQC_RATING_LABELS[rating]}</strong>
  );
}

/** A readiness level as an NHS.UK tag. */
export function ReadinessTag({ readiness }: { readiness: CqcReadiness }) {
  return (
    <strong className={`nhsuk-tag ${READINESS_TAGS[readiness]}`}>
      {CQC_READINESS_LABELS[readiness]}
    </strong>
  );
}

/**
 * CQC readiness across the organisation (GOV-2): every site the user sees with its latest
 * rating per key question and how ready it is, charts of sites by rating and by readiness, and
 * the commonest gaps.
 */
export function CqcReadinessPage() {
  useDocumentTitle('CQC readiness');
  const summary = useApi('cqc-summary', fetchCqcSummary);
  if (summary.state.status === 'loading') return <LoadingPage />;
  if (summary.state.status === 'error') {
    if (summary.state.httpStatus === 403) return <PermissionDeniedPage what="CQC readiness" />;
    return <ServiceUnavailablePage detail={summary.state.detail} />;
  }
  const data = summary.state.data;
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">CQC readiness</PageHeading>
      <p className="nhsuk-body-l">
        Each site’s registration, latest CQC ratings and the evidence held for each key question,
        with the gaps an inspector would find, on {formatDate(data.today)}.
      </p>
      {data.sites === 0 ? <p>No sites to show.</p> : <Overview summary={data} />}
    </>
  );
}

function Overview({ summary }: { summary: CqcSummary }) {
  return (
    <>
      <h2 className="nhsuk-heading-m">Sites</h2>
      <WideTable
        caption="Latest rating by key question and readiness of each site"
        head={[
          'Site',
          'Inspected',
          'Overall',
          ...CQC_KEY_QUESTIONS.map((q) => CQC_KEY_QUESTION_LABELS[q]),
          'Readiness',
          'Gaps',
        ]}
        rows={summary.siteList.map((s) => ({
          key: s.id,
          cells: [
            <span key="site">
              <Link to={`/governance/cqc/sites/${s.id}`}>{s.name}</Link>
              <br />
              <span className="nhsuk-body-s">{s.practiceName ?? 'Organisation site'}</span>
            </span>,
            s.inspectedOn ? formatDate(s.inspectedOn) : 'Never',
            <RatingTag key="overall" rating={s.overall} />,
            ...CQC_KEY_QUESTIONS.map((q) => <RatingTag key={q} rating={s.ratings[q]} />),
            <ReadinessTag key="readiness" readiness={s.readiness} />,
            String(s.gaps),
          ],
        }))}
      />
      <h2 className="nhsuk-heading-m">Ratings and readiness</h2>
      <LazyHorizontalBarChart
        caption="Sites by latest overall rating. The table below gives the same numbers."
        data={CQC_RATINGS.map((r) => ({ label: CQC_RATING_LABELS[r], value: summary.byRating[r] }))}
      />
      <LazyHorizontalBarChart
        caption="Sites by readiness for inspection. The table below gives the same numbers."
        data={CQC_READINESS_LEVELS.map((r) => ({
          label: CQC_READINESS_LABELS[r],
          value: summary.byReadiness[r],
        }))}
      />
      <WideTable
        caption="Sites by latest overall rating"
        head={['Rating', 'Sites']}
        rows={CQC_RATINGS.map((r) => ({
          key: r,
          cells: [CQC_RATING_LABELS[r], String(summary.byRating[r])],
        }))}
      />
      <WideTable
        caption="Sites by readiness"
        head={['Readiness', 'Sites']}
        rows={CQC_READINESS_LEVELS.map((r) => ({
          key: r,
          cells: [CQC_READINESS_LABELS[r], String(summary.byReadiness[r])],
        }))}
      />
      <h2 className="nhsuk-heading-m">Commonest gaps</h2>
      {summary.worstGaps.length === 0 ? (
        <p>No gaps at any site.</p>
      ) : (
        <WideTable
          caption="The gaps found at the most sites, the most serious first"
          head={['Gap', 'Severity', 'Sites']}
          rows={summary.worstGaps.map((g) => ({
            key: `${g.code} ${g.keyQuestion ?? ''}`,
            cells: [g.text, g.severity === 'major' ? 'Major' : 'Minor', String(g.sites)],
          }))}
        />
      )}
    </>
  );
}
