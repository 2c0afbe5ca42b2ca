import { fetchSafetyCase, type RatedRisk, type SafetyCase } from '../../api/safety-case';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Details } from '../../components/details';
import { PageHeading } from '../../components/page-heading';
import { WideTable } from '../../components/wide-table';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatDate } from '../../format/format';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';

const RATING_TAGS: Readonly<Record<number, string>> = {
  1: 'nhsuk-tag nhsuk-tag--green',
  2: 'nhsuk-tag nhsuk-tag--aqua-green',
  3: 'nhsuk-tag nhsuk-tag--yellow',
  4: 'nhsuk-tag nhsuk-tag--orange',
  5: 'nhsuk-tag nhsuk-tag--red',
};

const TEST_TAGS: Readonly<Record<string, { label: string; className: string }>> = {
  passed: { label: 'Passed', className: 'nhsuk-tag nhsuk-tag--green' },
  failed: { label: 'Failed', className: 'nhsuk-tag nhsuk-tag--red' },
  skipped: { label: 'Skipped', className: 'nhsuk-tag nhsuk-tag--grey' },
  'not-run': { label: 'Not run here', className: 'nhsuk-tag nhsuk-tag--grey' },
  missing: { label: 'Missing', className: 'nhsuk-tag nhsuk-tag--red' },
};

const NOT_RUN = { label: 'Not run here', className: 'nhsuk-tag nhsuk-tag--grey' };

const words = (value: string) => value.replace(/-/g, ' ');

function Risk({ risk }: { risk: RatedRisk }) {
  return (
    <>
      <strong className={RATING_TAGS[risk.rating]}>{`Risk ${String(risk.rating)}`}</strong>{' '}
      {`${words(risk.severity)}, ${words(risk.likelihood)} likelihood`}
    </>
  );
}

/** The clinical safety case (DCB0129): hazards by residual risk, controls and their tests. */
export function SafetyCasePage() {
  useDocumentTitle('Clinical safety case');
  const safetyCase = useApi('safety-case', fetchSafetyCase);
  if (safetyCase.state.status === 'loading') return <LoadingPage />;
  if (safetyCase.state.status === 'error') {
    if (safetyCase.state.httpStatus === 403) return <PermissionDeniedPage what="the safety case" />;
    return <ServiceUnavailablePage detail={safetyCase.state.detail} />;
  }
  return <SafetyCaseView safetyCase={safetyCase.state.data} />;
}

function SafetyCaseView({ safetyCase }: { safetyCase: SafetyCase }) {
  const tests = safetyCase.hazards.flatMap((h) => h.controls.flatMap((c) => c.tests));
  const passed = tests.filter((t) => t.status === 'passed').length;
  return (
    <>
      <BackLink to="/governance">Governance</BackLink>
      <PageHeading caption="Governance">Clinical safety case</PageHeading>
      <p className="nhsuk-body-l">
        The hazard log of atscale {safetyCase.version}, highest residual risk first. Risks are rated
        1 (acceptable) to 5 (unacceptable) on the five-by-five matrix of the NHS clinical risk
        management standard DCB0129.
      </p>
      <p>
        {safetyCase.testRunAt
          ? `Test results from the run of ${formatDate(safetyCase.testRunAt.slice(0, 10))}: ${String(passed)} of ${String(tests.length)} control tests passed.`
          : `No test run is recorded on this server; CI checks that all ${String(tests.length)} control tests pass before a version is released.`}
      </p>
      <WideTable
        caption="Hazards by residual risk"
        head={['Hazard', 'Initial risk', 'Residual risk', 'Status', 'Owner']}
        rows={safetyCase.hazards.map((h) => ({
          key: h.id,
          cells: [
            <a key="title" href={`#${h.id}`}>
              {`${h.id} ${h.title}`}
            </a>,
            <Risk key="initial" risk={h.initial} />,
            <Risk key="residual" risk={h.residual} />,
            h.status,
            h.owner,
          ],
        }))}
      />
      {safetyCase.hazards.map((h) => (
        <section key={h.id} id={h.id} className="nhsuk-u-margin-bottom-7">
          <h2 className="nhsuk-heading-m">{`${h.id} ${h.title}`}</h2>
          <dl className="nhsuk-summary-list">
            {[
              ['Causes', h.causes.join('; ')],
              ['Effect', h.effect],
              ['Possible harm', h.harm],
            ].map(([key, value]) => (
              <div className="nhsuk-summary-list__row" key={key}>
                <dt className="nhsuk-summary-list__key">{key}</dt>
                <dd className="nhsuk-summary-list__value">{value}</dd>
              </div>
            ))}
          </dl>
          <WideTable
            caption={`Controls of ${h.id}`}
            head={['Control', 'Kind', 'Proved by']}
            rows={h.controls.map((c, index) => ({
              key: String(index),
              cells: [
                c.description,
                c.kind,
                c.tests.length === 0 ? (
                  'Outside the software'
                ) : (
                  <Details key="tests" summary={`${String(c.tests.length)} test(s)`}>
                    <ul className="nhsuk-list">
                      {c.tests.map((t) => {
                        const tag = TEST_TAGS[t.status] ?? NOT_RUN;
                        return (
                          <li key={`${t.file} ${t.test}`}>
                            <strong className={tag.className}>{tag.label}</strong>{' '}
                            <span className="app-break-anywhere">{t.test}</span>{' '}
                            <code className="app-break-anywhere">{t.file}</code>
                          </li>
                        );
                      })}
                    </ul>
                  </Details>
                ),
              ],
            }))}
          />
        </section>
      ))}
    </>
  );
}
