import { useState, type SyntheticEvent } from 'react';
import {
  PERIOD_LABELS,
  SERVICE_ROLE,
  SESSION_PERIODS,
  SLOT_SERVICE_LABELS,
  SLOT_VISIBILITIES,
  SLOT_VISIBILITY_LABELS,
  type SlotService,
} from '@atscale/domain';
import { fetchSites } from '../../../api/organisation';
import { ApiError } from '../../../api/problem';
import { useApi } from '../../../api/use-api';
import { Button } from '../../../components/button';
import { Details } from '../../../components/details';
import { PageHeading } from '../../../components/page-heading';
import { ProblemAlert } from '../../../components/problem-alert';
import { Select } from '../../../components/select';
import { SuccessBanner } from '../../../components/success-banner';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { WideTable } from '../../../components/wide-table';
import {
  createPattern,
  fetchPatterns,
  generateSessions,
  todayInEngland,
} from '../booking/booking-api';
import { ChannelSelect, DateRangeInputs, ServiceSelect } from '../booking/slot-fields';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const problemOf = (error: unknown) => {
  if (error instanceof ApiError) {
    const fields = (error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
    return fields.length > 0 ? fields.join('; ') : error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong';
};

/**
 * Weekly session patterns (ACC-3): add a pattern (site, weekday, morning, afternoon, evening or
 * exact times, the service its slots offer, their length, who may book them and places per
 * slot), then make the rota sessions and their slots for a range of dates. Making them twice
 * is harmless: a pattern makes one session a date.
 */
export function PatternsPage() {
  useDocumentTitle('Session patterns');
  const patterns = useApi('patterns', fetchPatterns);
  const sites = useApi('sites', fetchSites);
  const [form, setForm] = useState({
    siteId: '',
    weekday: '1',
    period: 'am',
    startTime: '',
    endTime: '',
    service: 'gp',
    channel: 'in-person',
    slotMinutes: '10',
    visibility: 'practice',
    slotCapacity: '1',
    validFrom: todayInEngland(),
  });
  const [range, setRange] = useState({ from: todayInEngland(1), to: todayInEngland(14) });
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const setField = (name: keyof typeof form) => (value: string) => {
    setForm({ ...form, [name]: value });
  };
  // A control of the form, bound to its field.
  const bind = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: { target: { value: string } }) => {
      setField(name)(e.target.value);
    },
  });

  const onAdd = async (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    setNotice(null);
    try {
      const custom = form.period === 'custom';
      const made = await createPattern({
        siteId: form.siteId,
        weekday: Number(form.weekday),
        period: form.period,
        ...(custom ? { startTime: form.startTime, endTime: form.endTime } : {}),
        requiredRole: SERVICE_ROLE[form.service as SlotService],
        service: form.service,
        channel: form.channel,
        slotMinutes: Number(form.slotMinutes),
        visibility: form.visibility,
        slotCapacity: Number(form.slotCapacity),
        validFrom: form.validFrom,
      });
      await patterns.reload();
      setNotice(
        `Pattern added: ${WEEKDAYS[made.weekday - 1] ?? ''} ${made.startTime}–${made.endTime} at ${made.siteName}`,
      );
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  const onGenerate = async (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    setNotice(null);
    try {
      // Asked afresh: the list on show may still be loading.
      const ids = (await fetchPatterns()).map((p) => p.id);
      if (ids.length === 0) throw new Error('Add a pattern first');
      const made = await generateSessions({ patternIds: ids, from: range.from, to: range.to });
      setNotice(
        `Made ${String(made.sessionsCreated)} sessions and ${String(made.slotsCreated)} slots` +
          (made.sessionsExisting > 0 ? ` (${String(made.sessionsExisting)} already existed)` : ''),
      );
    } catch (error) {
      setProblem(problemOf(error));
    }
  };

  return (
    <>
      <PageHeading caption="Access">Session patterns</PageHeading>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <ProblemAlert problem={problem} />
      {patterns.state.status === 'error' ? <p role="alert">{patterns.state.detail}</p> : null}
      {patterns.state.status === 'done' ? (
        patterns.state.data.length === 0 ? (
          <p>No patterns yet.</p>
        ) : (
          <WideTable
            caption={`Patterns (${String(patterns.state.data.length)})`}
            head={['Day', 'Times', 'Site', 'Service', 'Slots', 'Who may book', 'From']}
            rows={patterns.state.data.map((p) => ({
              key: p.id,
              cells: [
                WEEKDAYS[p.weekday - 1] ?? '',
                `${p.startTime}–${p.endTime}`,
                p.siteName,
                p.service ? SLOT_SERVICE_LABELS[p.service] : 'No slots',
                p.slotMinutes ? `${String(p.slotMinutes)} min × ${String(p.slotCapacity)}` : '',
                p.visibility ? SLOT_VISIBILITY_LABELS[p.visibility] : '',
                p.validFrom,
              ],
            }))}
          />
        )
      ) : null}

      <Details summary="Add a pattern">
        <form
          onSubmit={(e) => {
            void onAdd(e);
          }}
          noValidate
        >
          <Select
            id="site"
            label="Site"
            prompt="Choose a site"
            options={
              sites.state.status === 'done'
                ? sites.state.data.map((s) => ({ value: s.id, label: s.name }))
                : []
            }
            {...bind('siteId')}
          />
          <Select
            id="weekday"
            label="Weekday"
            options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
            {...bind('weekday')}
          />
          <Select
            id="period"
            label="When"
            options={SESSION_PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
            {...bind('period')}
          />
          {form.period === 'custom' ? (
            <>
              <TextInput
                id="start-time"
                label="Starts (HH:MM)"
                className="nhsuk-input--width-5"
                {...bind('startTime')}
              />
              <TextInput
                id="end-time"
                label="Ends (HH:MM)"
                className="nhsuk-input--width-5"
                {...bind('endTime')}
              />
            </>
          ) : null}
          <ServiceSelect value={form.service} onChange={setField('service')} />
          <ChannelSelect value={form.channel} onChange={setField('channel')} />
          <TextInput
            id="slot-minutes"
            label="Slot length, in minutes"
            inputMode="numeric"
            className="nhsuk-input--width-4"
            {...bind('slotMinutes')}
          />
          <TextInput
            id="slot-capacity"
            label="Places per slot"
            inputMode="numeric"
            className="nhsuk-input--width-4"
            {...bind('slotCapacity')}
          />
          <Select
            id="visibility"
            label="Who may book"
            options={SLOT_VISIBILITIES.filter((v) => v !== 'hub').map((v) => ({
              value: v,
              label: SLOT_VISIBILITY_LABELS[v],
            }))}
            {...bind('visibility')}
          />
          <TextInput
            id="valid-from"
            label="First day it applies"
            type="date"
            {...bind('validFrom')}
          />
          <Button>Add the pattern</Button>
        </form>
      </Details>

      <h2 className="nhsuk-heading-m">Make sessions and slots</h2>
      <form
        onSubmit={(e) => {
          void onGenerate(e);
        }}
        noValidate
      >
        <DateRangeInputs
          ids={{ from: 'generate-from', to: 'generate-to' }}
          from={range.from}
          to={range.to}
          onChange={setRange}
        />
        <Button>Make sessions and slots</Button>
      </form>
    </>
  );
}
