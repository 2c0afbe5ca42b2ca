import { useState, type SubmitEvent } from 'react';
import {
  DEFAULT_ASSUMPTIONS,
  DEFAULT_SOURCES,
  PRACTICE_DEFAULT_SOURCES,
  type AssumptionSource,
  type Scenario,
  type ScenarioPractice,
} from '@atscale/domain';
import { fetchOrganisation } from '../../api/organisation';
import {
  createScenario,
  draftScenario,
  fetchScenario,
  readPracticesCsv,
  updateScenario,
  type PlanningScenarioRecord,
} from '../../api/planning';
import { ApiError } from '../../api/problem';
import { useApi } from '../../api/use-api';
import { Button } from '../../components/button';
import { ErrorSummary, type ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { Textarea } from '../../components/textarea';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatPence } from '../../format/format';
import { navigate } from '../../router/history';
import { Link } from '../../router/link';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import {
  ASSUMPTION_FIELDS,
  assumptionInputId,
  assumptionText,
  withAssumptions,
} from './assumption-fields';
import { RunPanel } from './run-panel';
import './planning.css';

const DEFAULT_LIST: AssumptionSource[] = [...PRACTICE_DEFAULT_SOURCES, ...DEFAULT_SOURCES];

const emptyScenario = (): Scenario => ({
  name: 'New scenario',
  practices: [],
  ...DEFAULT_ASSUMPTIONS,
});

/** A server field (`body/scenario/demand/sameDayShare`) as the editor's input id and label. */
function fieldTarget(field: string, scenario: Scenario): { href: string; prefix: string } {
  if (field === 'body/name') return { href: '#scenario-name', prefix: 'Name' };
  const assumption = /^body\/scenario\/(demand|capacity|workforce|money)\/(\w+)/.exec(field);
  if (assumption) {
    const path = `${assumption[1] ?? ''}.${assumption[2] ?? ''}`;
    const known = ASSUMPTION_FIELDS.find((f) => f.path === path);
    return known
      ? { href: `#${assumptionInputId(path)}`, prefix: known.label }
      : { href: '#assumptions', prefix: path };
  }
  const practice = /^body\/scenario\/practices\/(\d+)\/?(\w*)/.exec(field);
  if (practice) {
    const p = scenario.practices[Number(practice[1])];
    return {
      href: '#practices',
      prefix: `${p ? `${p.name} (${p.odsCode})` : `Practice ${Number(practice[1]) + 1}`}${practice[2] ? `, ${practice[2]}` : ''}`,
    };
  }
  if (field === 'body/scenario/practices') return { href: '#practices', prefix: 'Practices' };
  return { href: '#scenario-name', prefix: field };
}

/** The scenario editor: a new scenario, or a saved one by id with its runs. */
export function ScenarioEditorPage({ scenarioId }: { scenarioId?: string }) {
  const saved = useApi(`planning scenario ${scenarioId ?? 'new'}`, () =>
    scenarioId ? fetchScenario(scenarioId) : Promise.resolve(null),
  );
  const organisation = useApi('organisation', fetchOrganisation);
  useDocumentTitle(scenarioId ? 'Scenario' : 'New scenario');
  for (const state of [saved.state, organisation.state]) {
    if (state.status === 'error' && state.httpStatus === 403) {
      return <PermissionDeniedPage what="the planner" />;
    }
    if (state.status === 'error' && state.httpStatus === 404) {
      return <ServiceUnavailablePage detail="The scenario was not found." />;
    }
    if (state.status === 'error') return <ServiceUnavailablePage detail={state.detail} />;
  }
  if (saved.state.status !== 'done' || organisation.state.status !== 'done') {
    return <LoadingPage />;
  }
  return (
    <Editor
      key={saved.state.data?.updatedAt ?? 'new'}
      record={saved.state.data}
      practices={organisation.state.data.practices}
      onSaved={() => void saved.reload()}
    />
  );
}

function Editor({
  record,
  practices,
  onSaved,
}: {
  record: PlanningScenarioRecord | null;
  practices: { id: string; odsCode: string; name: string; listSize: number | null }[];
  onSaved: () => void;
}) {
  const [scenario, setScenario] = useState<Scenario>(record?.scenario ?? emptyScenario());
  const [name, setName] = useState(record?.name ?? '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [csv, setCsv] = useState('');
  const [entered, setEntered] = useState<Record<string, string>>({});
  const [sources, setSources] = useState<AssumptionSource[]>(DEFAULT_LIST);
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const sourceOf = (field: string) => sources.find((s) => s.field === field)?.source;
  const showProblem = (error: unknown, fallbackHref: string) => {
    if (error instanceof ApiError && error.problem.errors && error.problem.errors.length > 0) {
      const items = error.problem.errors.map((e) => {
        const target = fieldTarget(e.field, scenario);
        return {
          href: e.field.startsWith('line') ? fallbackHref : target.href,
          text: `${e.field.startsWith('line') ? e.field : target.prefix}: ${e.message}`,
        };
      });
      setErrors(items);
      setFieldErrors(Object.fromEntries(items.map((item) => [item.href.slice(1), item.text])));
    } else {
      const text = error instanceof Error ? error.message : 'The request failed.';
      setErrors([{ href: fallbackHref, text }]);
      setFieldErrors({});
    }
  };
  const clearProblems = () => {
    setErrors([]);
    setFieldErrors({});
  };

  const build = async () => {
    clearProblems();
    setNotice(null);
    if (chosen.length === 0) {
      setErrors([{ href: '#choose-practices', text: 'Choose at least one practice' }]);
      setFieldErrors({ 'choose-practices': 'Choose at least one practice' });
      return;
    }
    setBusy(true);
    try {
      const draft = await draftScenario(chosen, name || undefined);
      setScenario((current) => ({ ...draft.scenario, name: current.name }));
      setSources(draft.sources);
      setEntered({});
      setNotice(`Built from ${draft.scenario.practices.length} practices of the organisation.`);
    } catch (error) {
      showProblem(error, '#choose-practices');
    } finally {
      setBusy(false);
    }
  };

  const importCsv = async () => {
    clearProblems();
    setNotice(null);
    setBusy(true);
    try {
      const read = await readPracticesCsv(csv);
      setScenario((current) => ({ ...current, practices: read }));
      setNotice(`Imported ${read.length} practices from the CSV.`);
    } catch (error) {
      showProblem(error, '#practices-csv');
    } finally {
      setBusy(false);
    }
  };

  const save = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    clearProblems();
    setNotice(null);
    const { scenario: next, problems } = withAssumptions(scenario, entered);
    const local: ErrorSummaryItem[] = problems.map((p) => ({
      href: `#${assumptionInputId(p.path)}`,
      text: p.message,
    }));
    if (!name.trim())
      local.unshift({ href: '#scenario-name', text: 'Name: give the scenario a name' });
    if (next.practices.length === 0) {
      local.push({ href: '#practices', text: 'Practices: choose or import at least one practice' });
    }
    if (local.length > 0) {
      setErrors(local);
      setFieldErrors(Object.fromEntries(local.map((item) => [item.href.slice(1), item.text])));
      return;
    }
    setBusy(true);
    try {
      const result = record
        ? await updateScenario(record.id, name.trim(), next)
        : await createScenario(name.trim(), next);
      if (record) {
        onSaved();
      } else {
        navigate(`/planning/scenarios/${result.id}`);
      }
    } catch (error) {
      showProblem(error, '#scenario-name');
    } finally {
      setBusy(false);
    }
  };

  const removePractice = (odsCode: string) => {
    setScenario((current) => ({
      ...current,
      practices: current.practices.filter((p) => p.odsCode !== odsCode),
    }));
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-full">
        <p>
          <Link to="/planning">All scenarios</Link>
        </p>
        <PageHeading caption="Planning">{record ? record.name : 'New scenario'}</PageHeading>
        <ErrorSummary items={errors} />
        {notice ? (
          <p className="nhsuk-body" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={(event) => void save(event)} noValidate>
          <TextInput
            id="scenario-name"
            label="Scenario name"
            value={name}
            error={fieldErrors['scenario-name']}
            onChange={(event) => {
              setName(event.target.value);
            }}
          />

          <h2>Practices</h2>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-half">
              <ChoosePractices
                practices={practices}
                chosen={chosen}
                error={fieldErrors['choose-practices']}
                onChange={setChosen}
              />
              <Button
                type="button"
                variant="secondary"
                disabled={busy}
                onClick={() => void build()}
              >
                Build from chosen practices
              </Button>
            </div>
            <div className="nhsuk-grid-column-one-half">
              <Textarea
                id="practices-csv"
                label="Or paste a CSV of practices"
                hint="Columns: ods_code, name, list_size, gp_wte, nurse_wte, sites, income, costs, partners (income and costs in pounds)"
                rows={6}
                value={csv}
                error={fieldErrors['practices-csv']}
                onChange={(event) => {
                  setCsv(event.target.value);
                }}
              />
              <Button
                type="button"
                variant="secondary"
                disabled={busy}
                onClick={() => void importCsv()}
              >
                Import CSV
              </Button>
            </div>
          </div>
          <PracticesTable
            practices={scenario.practices}
            error={fieldErrors['practices']}
            onRemove={removePractice}
          />

          <h2 id="assumptions" tabIndex={-1}>
            Assumptions
          </h2>
          <p>Each starts at a default; where it comes from is under it. Change any to test it.</p>
          <div className="nhsuk-grid-row">
            {ASSUMPTION_FIELDS.map((field) => {
              const id = assumptionInputId(field.path);
              return (
                <div className="nhsuk-grid-column-one-half" key={field.path}>
                  <TextInput
                    id={id}
                    label={field.label}
                    hint={sourceOf(field.path) ?? 'Default: an atscale assumption'}
                    inputMode="decimal"
                    className="nhsuk-input--width-10"
                    value={entered[field.path] ?? assumptionText(scenario, field)}
                    error={fieldErrors[id]}
                    onChange={(event) => {
                      setEntered((current) => ({ ...current, [field.path]: event.target.value }));
                    }}
                  />
                </div>
              );
            })}
          </div>
          <Button disabled={busy}>{record ? 'Save changes' : 'Save scenario'}</Button>
        </form>
        {record ? <RunPanel record={record} /> : null}
      </div>
    </div>
  );
}

function ChoosePractices({
  practices,
  chosen,
  error,
  onChange,
}: {
  practices: { id: string; odsCode: string; name: string; listSize: number | null }[];
  chosen: string[];
  error: string | undefined;
  onChange: (ids: string[]) => void;
}) {
  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <fieldset
        className="nhsuk-fieldset"
        id="choose-practices"
        tabIndex={-1}
        aria-describedby={error ? 'choose-practices-error' : undefined}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          Choose practices of the organisation
        </legend>
        {error ? (
          <span className="nhsuk-error-message" id="choose-practices-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        ) : null}
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-planning-choices">
          {practices.map((p) => {
            const id = `practice-${p.id}`;
            return (
              <div className="nhsuk-checkboxes__item" key={p.id}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={id}
                  type="checkbox"
                  checked={chosen.includes(p.id)}
                  onChange={(event) => {
                    onChange(
                      event.target.checked ? [...chosen, p.id] : chosen.filter((c) => c !== p.id),
                    );
                  }}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                  {p.name} ({p.odsCode})
                  {p.listSize !== null ? `, ${formatCount(p.listSize)} patients` : ''}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function PracticesTable({
  practices,
  error,
  onRemove,
}: {
  practices: readonly ScenarioPractice[];
  error: string | undefined;
  onRemove: (odsCode: string) => void;
}) {
  return (
    <div
      className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}
      id="practices"
      tabIndex={-1}
    >
      {error ? (
        <span className="nhsuk-error-message">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {practices.length === 0 ? (
        <p>No practices in the scenario yet: choose some above, or import a CSV.</p>
      ) : (
        <div className="app-table-scroll">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">
              The scenario’s practices ({practices.length})
            </caption>
            <thead className="nhsuk-table__head">
              <tr>
                {[
                  'Practice',
                  'Patients',
                  'GP WTE',
                  'Nurse WTE',
                  'Sites',
                  'Income',
                  'Costs',
                  'Partners',
                  '',
                ].map((h, i) => (
                  <th className="nhsuk-table__header" scope="col" key={`${h}${i}`}>
                    {h || <span className="nhsuk-u-visually-hidden">Remove</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {practices.map((p) => (
                <tr className="nhsuk-table__row" key={p.odsCode}>
                  <td className="nhsuk-table__cell">
                    {p.name} ({p.odsCode})
                  </td>
                  <td className="nhsuk-table__cell">{formatCount(p.listSize)}</td>
                  <td className="nhsuk-table__cell">{p.gpWte}</td>
                  <td className="nhsuk-table__cell">{p.nurseWte}</td>
                  <td className="nhsuk-table__cell">{p.sites}</td>
                  <td className="nhsuk-table__cell">{formatPence(p.incomePence)}</td>
                  <td className="nhsuk-table__cell">{formatPence(p.costsPence)}</td>
                  <td className="nhsuk-table__cell">{p.partners}</td>
                  <td className="nhsuk-table__cell">
                    <button
                      type="button"
                      className="app-link-button"
                      onClick={() => {
                        onRemove(p.odsCode);
                      }}
                    >
                      Remove<span className="nhsuk-u-visually-hidden"> {p.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
