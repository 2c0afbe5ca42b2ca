import { FRAILTY_REGISTER_KEY, REGISTER_AGE_BANDS, SUPPRESS_BELOW } from '@atscale/domain';
import { fetchRegisterSummary } from '../../api/population';
import { useApi } from '../../api/use-api';
import { Details } from '../../components/details';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { Table } from '../../components/table';
import { formatCount, formatDate } from '../../format/format';
import { prevalenceText, registerCountText } from './register-labels';

const OLDER_BANDS = REGISTER_AGE_BANDS.filter((b) => ['65-74', '75-84', '85+'].includes(b));

/**
 * The frailty register across practices: members (moderate and severe), care plans current,
 * who is due, and prevalence of the list aged 65+, overall and by age band, with a chart.
 * `runId` reloads it when a new scoring run lands.
 */
export function FrailtyRegisterSummary({ runId }: { runId: string | null }) {
  const summary = useApi(`frailty-register-${runId ?? 'none'}`, () =>
    fetchRegisterSummary(FRAILTY_REGISTER_KEY),
  );
  if (summary.state.status !== 'done') return null;
  const { on, practices } = summary.state.data;
  if (practices.length === 0) return null;
  const anySuppressed = practices.some((p) => p.suppressed);
  return (
    <section aria-labelledby="frailty-register">
      <h2 id="frailty-register">Frailty register</h2>
      <p>
        Patients moderately or severely frail in the latest scores, their care plans and medication
        reviews on {formatDate(on)}. A care plan or review is due when never done or done 12 months
        ago or more.
        {anySuppressed
          ? ` Counts of 1 to ${String(SUPPRESS_BELOW - 1)} at practices whose patients you do not see are not shown.`
          : ''}
      </p>
      <LazyHorizontalBarChart
        caption="Frailty register prevalence, % of patients aged 65+, by practice. The table below gives the same numbers."
        data={practices.map((p) => ({
          label: p.practiceName,
          value: p.prevalencePercent ?? 0,
        }))}
      />
      <Table
        caption="Frailty register by practice"
        head={['Practice', 'On register', 'Aged 65+', 'Prevalence', 'Care plan current', 'Due']}
        rows={practices.map((p) => ({
          key: p.practiceId,
          cells: [
            p.practiceName,
            registerCountText(p.members),
            formatCount(p.denominator),
            prevalenceText(p.prevalencePercent),
            registerCountText(p.carePlansCurrent),
            registerCountText(p.due),
          ],
        }))}
      />
      <Details summary="Frailty register prevalence by age band">
        <Table
          caption="Prevalence of the frailty register by practice and age band"
          head={['Practice', ...OLDER_BANDS]}
          rows={practices.map((p) => ({
            key: p.practiceId,
            cells: [
              p.practiceName,
              ...OLDER_BANDS.map(
                (band) =>
                  `${prevalenceText(p.byAgeBand[band].prevalencePercent)} (${registerCountText(p.byAgeBand[band].members)})`,
              ),
            ],
          }))}
        />
      </Details>
    </section>
  );
}
