import { useState, type SubmitEvent } from 'react';
import { EFI_DEFICITS, REGISTER_AGE_BANDS, readRegisterCodeFile } from '@atscale/domain';
import {
  defineRegister,
  fetchCodeLists,
  fetchRegisterSummary,
  fetchRegisters,
  type PopulationRegister,
} from '../../api/population';
import { ApiError } from '../../api/problem';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Details } from '../../components/details';
import { ErrorSummary } from '../../components/error-summary';
import { LazyHorizontalBarChart } from '../../components/lazy-charts';
import { PageHeading } from '../../components/page-heading';
import { Radios } from '../../components/radios';
import { Select } from '../../components/select';
import { SuccessBanner } from '../../components/success-banner';
import { Table } from '../../components/table';
import { TextInput } from '../../components/text-input';
import { useDocumentTitle } from '../../components/use-document-title';
import { formatCount, formatDate } from '../../format/format';
import { useSession } from '../../session/session-context';
import { mayUse } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import {
  formFieldOf,
  registerDefinitionOf,
  type RegisterForm,
  type RegisterFormField,
} from './register-definition';
import { prevalenceText, registerCountText } from './register-labels';

/**
 * Registers defined by code lists (POP-1 part 3): each register's counts and prevalence per
 * practice, and for administrators a form to define one from a loaded code list or an
 * uploaded file of SNOMED CT codes with its source and version.
 */
export function RegistersPage() {
  const registers = useApi('population-registers', fetchRegisters);
  useDocumentTitle('Registers');
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.me : null;
  const manager = me !== null && mayUse(me, 'population:manage', null);
  if (registers.state.status === 'loading') return <LoadingPage />;
  if (registers.state.status === 'error') {
    if (registers.state.httpStatus === 403) return <PermissionDeniedPage what="registers" />;
    return <ServiceUnavailablePage detail={registers.state.detail} />;
  }
  const defined = registers.state.data.filter((r) => r.kind === 'codes');
  return (
    <>
      <BackLink to="/population">Back to population</BackLink>
      <PageHeading caption="Population">Registers</PageHeading>
      <p className="nhsuk-lede-text">
        Registers for schemes, defined by a list of SNOMED CT codes: a registered patient with any
        of the codes in their record is on it. The frailty register is on the frailty page.
      </p>
      {defined.length === 0 ? <p>No registers are defined by codes yet.</p> : null}
      {defined.map((register) => (
        <RegisterFigures key={register.key} register={register} />
      ))}
      {manager ? <DefineForm onDefined={registers.reload} /> : null}
    </>
  );
}

const BANDS = REGISTER_AGE_BANDS;

/** One register's members and prevalence per practice, with a chart and age bands. */
function RegisterFigures({ register }: { register: PopulationRegister }) {
  const summary = useApi(`register-summary-${register.key}`, () =>
    fetchRegisterSummary(register.key),
  );
  const heading = `register-${register.key}`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{register.name}</h2>
      <p>
        Key {register.key}, {formatCount(register.codes ?? 0)} codes
        {register.source !== null
          ? ` from ${register.source}, version ${register.version ?? 'not given'}`
          : ''}
        . {ageRangeText(register.minAge, register.maxAge)}
      </p>
      {summary.state.status === 'loading' ? <p>Loading the counts…</p> : null}
      {summary.state.status === 'error' ? <p>{summary.state.detail}</p> : null}
      {summary.state.status === 'done' ? (
        <>
          <p>Counts on {formatDate(summary.state.data.on)}.</p>
          <LazyHorizontalBarChart
            caption={`${register.name} prevalence, % of registered patients, by practice. The table below gives the same numbers.`}
            data={summary.state.data.practices.map((p) => ({
              label: p.practiceName,
              value: p.prevalencePercent ?? 0,
            }))}
          />
          <Table
            caption={`${register.name} by practice`}
            head={['Practice', 'On register', 'Registered patients', 'Prevalence', 'Due']}
            rows={summary.state.data.practices.map((p) => ({
              key: p.practiceId,
              cells: [
                p.practiceName,
                registerCountText(p.members),
                formatCount(p.denominator),
                prevalenceText(p.prevalencePercent),
                registerCountText(p.due),
              ],
            }))}
          />
          <Details summary={`${register.name} prevalence by age band`}>
            <Table
              caption={`Prevalence of ${register.name} by practice and age band`}
              head={['Practice', ...BANDS]}
              rows={summary.state.data.practices.map((p) => ({
                key: p.practiceId,
                cells: [
                  p.practiceName,
                  ...BANDS.map(
                    (band) =>
                      `${prevalenceText(p.byAgeBand[band].prevalencePercent)} (${registerCountText(p.byAgeBand[band].members)})`,
                  ),
                ],
              }))}
            />
          </Details>
        </>
      ) : null}
    </section>
  );
}

const EMPTY: RegisterForm = {
  key: '',
  name: '',
  from: 'list',
  codeListId: '',
  deficit: '',
  codes: null,
  source: '',
  version: '',
  minAge: '',
  maxAge: '',
};

const FIELD_IDS: Record<RegisterFormField, string> = {
  key: 'register-key',
  name: 'register-name',
  codeListId: 'register-code-list',
  deficit: 'register-deficit',
  file: 'register-file',
  source: 'register-source',
  version: 'register-version',
  minAge: 'register-min-age',
  maxAge: 'register-max-age',
};

/** Who a register counts by age, in words. */
function ageRangeText(minAge: number | null, maxAge: number | null): string {
  if (minAge !== null && maxAge !== null) return `Patients aged ${minAge} to ${maxAge}.`;
  if (minAge !== null) return `Patients aged ${minAge} and over.`;
  if (maxAge !== null) return `Patients aged ${maxAge} and under.`;
  return 'Patients of any age.';
}

/** Define a register: key, name, and its codes from a loaded list or an uploaded file. */
function DefineForm({ onDefined }: { onDefined: () => Promise<void> }) {
  const lists = useApi('population-code-lists', fetchCodeLists);
  const [form, setForm] = useState<RegisterForm>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<RegisterFormField, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PopulationRegister | null>(null);
  const set = (change: Partial<RegisterForm>) => {
    setForm((now) => ({ ...now, ...change }));
  };

  const readFile = async (file: File | undefined) => {
    if (!file) {
      set({ codes: null });
      return;
    }
    try {
      const read = readRegisterCodeFile(file.name, await file.text());
      setErrors((now) => ({ ...now, file: undefined }));
      set({
        codes: read.codes,
        ...(read.source !== undefined ? { source: read.source } : {}),
        ...(read.version !== undefined ? { version: read.version } : {}),
      });
    } catch (error) {
      set({ codes: null });
      const message = error instanceof Error ? error.message.replace(/^file: /, '') : 'unreadable';
      setErrors((now) => ({ ...now, file: `The file ${message}` }));
    }
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(null);
    setProblem(null);
    const checked = registerDefinitionOf(form);
    if (checked.errors) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setDone(await defineRegister(checked.definition));
      setForm(EMPTY);
      await onDefined();
    } catch (error) {
      if (error instanceof ApiError) {
        const byField: Partial<Record<RegisterFormField, string>> = {};
        for (const e of error.problem.errors ?? []) {
          const field = formFieldOf(e.field);
          if (field && !byField[field]) {
            byField[field] = e.field.startsWith('body/codes/')
              ? `Code ${String(Number(e.field.split('/')[2]) + 1)} of the file ${e.message}`
              : e.message;
          }
        }
        setErrors(byField);
        if (Object.keys(byField).length === 0) setProblem(error.message);
      } else {
        setProblem('The register could not be defined');
      }
    } finally {
      setBusy(false);
    }
  };

  const items = [
    ...Object.entries(errors).flatMap(([field, text]) =>
      text ? [{ text, href: `#${FIELD_IDS[field as RegisterFormField]}` }] : [],
    ),
    ...(problem ? [{ text: problem, href: `#${FIELD_IDS.key}` }] : []),
  ];
  const loaded = lists.state.status === 'done' ? lists.state.data : [];
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <h2>Define a register</h2>
      {items.length > 0 ? <ErrorSummary items={items} /> : null}
      {done ? (
        <SuccessBanner>
          {`${done.name} is defined with ${formatCount(done.codes ?? 0)} codes: its counts are above.`}
        </SuccessBanner>
      ) : null}
      <TextInput
        id={FIELD_IDS.name}
        label="Name"
        value={form.name}
        error={errors.name}
        onChange={(event) => {
          set({ name: event.target.value });
        }}
      />
      <TextInput
        id={FIELD_IDS.key}
        label="Key"
        hint="Lower-case letters, digits and dashes, such as asthma or learning-disability"
        value={form.key}
        error={errors.key}
        onChange={(event) => {
          set({ key: event.target.value });
        }}
      />
      <Radios
        id="register-from"
        legend="Where the codes come from"
        value={form.from}
        unchosen="removed"
        onChange={(from) => {
          set({ from });
        }}
        choices={[
          {
            value: 'list',
            label: 'A loaded code list',
            hint: 'The codes of one condition of a code list already loaded, with its source and version',
            conditional: (
              <>
                <Select
                  id={FIELD_IDS.codeListId}
                  label="Code list"
                  prompt="Choose a code list"
                  value={form.codeListId}
                  error={errors.codeListId}
                  options={loaded.map((l) => ({
                    value: l.id,
                    label: `${l.name}, version ${l.version}`,
                  }))}
                  onChange={(event) => {
                    set({ codeListId: event.target.value });
                  }}
                />
                <Select
                  id={FIELD_IDS.deficit}
                  label="Condition"
                  prompt="Choose a condition"
                  value={form.deficit}
                  error={errors.deficit}
                  options={EFI_DEFICITS.filter((d) => d.id !== 'polypharmacy').map((d) => ({
                    value: d.id,
                    label: d.label,
                  }))}
                  onChange={(event) => {
                    set({ deficit: event.target.value });
                  }}
                />
              </>
            ),
          },
          {
            value: 'upload',
            label: 'A file of codes',
            hint: 'JSON ({ "source", "version", "codes": [...] } or a list of codes) or CSV with a code column',
            conditional: (
              <>
                <div
                  className={
                    errors.file ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'
                  }
                >
                  <label className="nhsuk-label" htmlFor={FIELD_IDS.file}>
                    File of SNOMED CT codes
                  </label>
                  {errors.file ? (
                    <span className="nhsuk-error-message" id={`${FIELD_IDS.file}-error`}>
                      <span className="nhsuk-u-visually-hidden">Error:</span> {errors.file}
                    </span>
                  ) : null}
                  <input
                    className="nhsuk-file-upload"
                    id={FIELD_IDS.file}
                    type="file"
                    accept=".json,.csv"
                    aria-describedby={errors.file ? `${FIELD_IDS.file}-error` : undefined}
                    onChange={(event) => {
                      void readFile(event.target.files?.[0]);
                    }}
                  />
                  {form.codes ? <p>{formatCount(form.codes.length)} codes read.</p> : null}
                </div>
                <TextInput
                  id={FIELD_IDS.source}
                  label="Source"
                  hint="Who publishes the list, or where it is, such as QOF business rules"
                  value={form.source}
                  error={errors.source}
                  onChange={(event) => {
                    set({ source: event.target.value });
                  }}
                />
                <TextInput
                  id={FIELD_IDS.version}
                  label="Version"
                  value={form.version}
                  error={errors.version}
                  onChange={(event) => {
                    set({ version: event.target.value });
                  }}
                />
              </>
            ),
          },
        ]}
      />
      <TextInput
        id={FIELD_IDS.minAge}
        label="Youngest age (optional)"
        hint="In whole years on the day counted, such as 17 for a diabetes register"
        inputMode="numeric"
        value={form.minAge}
        error={errors.minAge}
        onChange={(event) => {
          set({ minAge: event.target.value });
        }}
      />
      <TextInput
        id={FIELD_IDS.maxAge}
        label="Oldest age (optional)"
        inputMode="numeric"
        value={form.maxAge}
        error={errors.maxAge}
        onChange={(event) => {
          set({ maxAge: event.target.value });
        }}
      />
      <Button disabled={busy}>Define the register</Button>
    </form>
  );
}
