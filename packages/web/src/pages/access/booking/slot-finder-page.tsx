import { useEffect, useState, type SyntheticEvent } from 'react';
import { SLOT_SERVICE_LABELS } from '@atscale/domain';
import { ApiError } from '../../../api/problem';
import { fetchPatient, searchPatients, type Patient } from '../../../api/patients';
import { Button } from '../../../components/button';
import { PageHeading } from '../../../components/page-heading';
import { formatDate } from '../../../format/format';
import { Radios } from '../../../components/radios';
import { ProblemAlert } from '../../../components/problem-alert';
import { SuccessBanner } from '../../../components/success-banner';
import { TextInput } from '../../../components/text-input';
import { useDocumentTitle } from '../../../components/use-document-title';
import { WideTable } from '../../../components/wide-table';
import {
  bookHold,
  cancelAppointment,
  formatWhen,
  holdSlot,
  rebookAppointment,
  searchSlots,
  todayInEngland,
  type Appointment,
  type Slot,
  type SlotFilter,
} from './booking-api';
import { outcomeRefusal } from './outcome-refusal';
import { ChannelSelect, channelLabel, DateRangeInputs, ServiceSelect } from './slot-fields';

const message = (error: unknown) =>
  error instanceof ApiError || error instanceof Error ? error.message : 'Something went wrong';

/** Minutes and seconds until an instant, "4:59"; "0:00" once it has passed. */
function remaining(until: string, now: number): string {
  const seconds = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  return `${String(Math.floor(seconds / 60))}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The hold's countdown, ticking each second. */
function HoldCountdown({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      window.clearInterval(timer);
    };
  }, [until]);
  const left = remaining(until, now);
  return (
    <p>
      The hold lapses in{' '}
      <strong role="timer" aria-live="off" data-testid="hold-countdown">
        {left}
      </strong>{' '}
      {left === '0:00' ? '(it has lapsed: hold the slot again)' : 'minutes'}.
    </p>
  );
}

const SERVICE_NAMES: Readonly<Record<string, string | undefined>> = SLOT_SERVICE_LABELS;

const describe = (a: { startsAt: string; service: string; siteName: string }) =>
  `${formatWhen(a.startsAt)} ${SERVICE_NAMES[a.service] ?? a.service} at ${a.siteName}`;

/**
 * The slot finder (ACC-3): find free slots by service, channel, dates and distance (from a
 * postcode, or the patient's practice), hold one while talking to the patient (with a visible
 * countdown), book it for the patient, and cancel or move the booking.
 */
export function SlotFinderPage() {
  useDocumentTitle('Find and book a slot');
  // Opened from the to-book list: the request's patient, and the channel its outcome needs.
  const [opened] = useState(() => new URLSearchParams(window.location.search));
  const [requestId, setRequestId] = useState<string | null>(opened.get('requestId'));
  const [filter, setFilter] = useState<SlotFilter>({
    from: todayInEngland(),
    to: todayInEngland(13),
    service: 'gp',
    channel: opened.get('channel') ?? '',
  });
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [nhsNumber, setNhsNumber] = useState('');
  const [patient, setPatient] = useState<Patient | null>(null);
  const [hold, setHold] = useState<Appointment | null>(null);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [moving, setMoving] = useState<Appointment | null>(null);
  const [cancelReason, setCancelReason] = useState('');
  const [patientTold, setPatientTold] = useState<'yes' | 'no' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The held slot does not fit the request's triage outcome: why, and the reason to book anyway.
  const [misfit, setMisfit] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(message(error));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const patientId = opened.get('patientId');
    if (!patientId) return;
    void run(async () => {
      setPatient(await fetchPatient(patientId, 'booking'));
    });
    // Once, for the patient the page was opened with.
  }, [opened]);

  const find = (next: SlotFilter = filter) =>
    run(async () => {
      setSlots(await searchSlots({ ...next, patientId: patient?.id ?? '' }));
    });

  const onSearch = (event: SyntheticEvent) => {
    event.preventDefault();
    void find();
  };

  const onFindPatient = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      const found = await searchPatients({ nhsNumber: nhsNumber.replace(/\s/g, '') }, 'booking');
      if (found.length === 0) throw new Error('No patient with that NHS number');
      setPatient(found[0] ?? null);
    });
  };

  const onHold = (slot: Slot) =>
    run(async () => {
      setNotice(null);
      setMisfit(null);
      setOverrideReason('');
      setHold(await holdSlot(slot.id));
      await find();
    });

  const onBook = () =>
    run(async () => {
      if (!hold || !patient) return;
      const override =
        misfit && overrideReason.trim() !== ''
          ? { outcomeOverrideReason: overrideReason.trim() }
          : {};
      let appointment: Appointment;
      try {
        appointment = moving
          ? await rebookAppointment(moving.id, hold.id, 'Moved at the patient’s request', override)
          : await bookHold(hold.id, patient.id, {
              ...(requestId ? { requestId } : {}),
              ...override,
            });
      } catch (error) {
        setMisfit(outcomeRefusal(error));
        throw error;
      }
      setMisfit(null);
      setOverrideReason('');
      setBooked(appointment);
      setMoving(null);
      setHold(null);
      setRequestId(null);
      setNotice(`Booked: ${patient.givenName} ${patient.familyName}, ${describe(appointment)}`);
      await find();
    });

  const onRelease = () =>
    run(async () => {
      if (!hold) return;
      await cancelAppointment(hold.id, 'Hold released', true);
      setHold(null);
      setMisfit(null);
      setOverrideReason('');
      await find();
    });

  const onCancel = (event: SyntheticEvent) => {
    event.preventDefault();
    void run(async () => {
      if (!booked) return;
      if (cancelReason.trim() === '') throw new Error('Say why the appointment is cancelled');
      if (patientTold === null) throw new Error('Say whether the patient has been told');
      await cancelAppointment(booked.id, cancelReason, patientTold === 'yes');
      setNotice(
        patientTold === 'yes'
          ? `Cancelled: ${describe(booked)}`
          : `Cancelled: ${describe(booked)}. The patient has not been told: it shows on the clinician’s day list until someone tells them.`,
      );
      setBooked(null);
      setCancelReason('');
      setPatientTold(null);
      await find();
    });
  };

  return (
    <>
      <PageHeading caption="Access">Find and book a slot</PageHeading>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <ProblemAlert problem={problem} />

      <h2 className="nhsuk-heading-m">Patient</h2>
      {patient ? (
        <p>
          Booking for{' '}
          <strong>
            {patient.givenName} {patient.familyName}
          </strong>{' '}
          (born {formatDate(patient.dateOfBirth)}, NHS number {patient.nhsNumber})
          {requestId ? ', for their triaged request' : ''}. Check their name and date of birth with
          them before you book.{' '}
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setPatient(null);
              setRequestId(null);
            }}
          >
            Change patient
          </Button>
        </p>
      ) : (
        <form onSubmit={onFindPatient} noValidate>
          <TextInput
            id="nhs-number"
            label="Patient’s NHS number"
            hint="10 digits"
            inputMode="numeric"
            className="nhsuk-input--width-10"
            value={nhsNumber}
            onChange={(e) => {
              setNhsNumber(e.target.value);
            }}
          />
          <Button variant="secondary" disabled={busy}>
            Find patient
          </Button>
        </form>
      )}

      <h2 className="nhsuk-heading-m">Slots</h2>
      <form onSubmit={onSearch} noValidate>
        <div>
          <DateRangeInputs
            ids={{ from: 'from', to: 'to' }}
            from={filter.from}
            to={filter.to}
            onChange={(range) => {
              setFilter({ ...filter, ...range });
            }}
          />
          <ServiceSelect
            prompt="Any service"
            value={filter.service ?? ''}
            onChange={(service) => {
              setFilter({ ...filter, service });
            }}
          />
          <ChannelSelect
            prompt="Any way"
            value={filter.channel ?? ''}
            onChange={(channel) => {
              setFilter({ ...filter, channel });
            }}
          />
          <TextInput
            id="postcode"
            label="Near postcode"
            hint="Else from the patient’s practice"
            className="nhsuk-input--width-10"
            value={filter.postcode ?? ''}
            onChange={(e) => {
              setFilter({ ...filter, postcode: e.target.value });
            }}
          />
          <TextInput
            id="max-km"
            label="Within (km)"
            inputMode="decimal"
            className="nhsuk-input--width-4"
            value={filter.maxKm ?? ''}
            onChange={(e) => {
              setFilter({ ...filter, maxKm: e.target.value });
            }}
          />
        </div>
        <Button disabled={busy}>Find slots</Button>
      </form>

      {hold ? (
        <div className="nhsuk-inset-text" aria-label="Held slot">
          <p>
            <strong>Held:</strong> {describe(hold)}
          </p>
          {hold.holdExpiresAt ? <HoldCountdown until={hold.holdExpiresAt} /> : null}
          {misfit && patient ? (
            <TextInput
              id="outcome-override-reason"
              label="Reason to book this slot anyway"
              hint="Only when this slot is right although it does not fit the triage outcome (say, agreed with the clinician); the reason is audited. Otherwise release the hold and choose a slot that fits."
              error={misfit}
              value={overrideReason}
              onChange={(e) => {
                setOverrideReason(e.target.value);
              }}
            />
          ) : null}
          {patient ? (
            <Button
              type="button"
              disabled={busy}
              onClick={() => {
                void onBook();
              }}
            >
              {moving
                ? 'Move the appointment here'
                : `Book for ${patient.givenName} ${patient.familyName}`}
            </Button>
          ) : (
            <p>Find the patient above to book the held slot.</p>
          )}{' '}
          <Button
            type="button"
            variant="secondary"
            disabled={busy}
            onClick={() => {
              void onRelease();
            }}
          >
            Release the hold
          </Button>
        </div>
      ) : null}

      {booked ? (
        <div className="nhsuk-card">
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m">Booked appointment</h2>
            <p>{describe(booked)}</p>
            <form onSubmit={onCancel} noValidate>
              <TextInput
                id="cancel-reason"
                label="Reason to cancel"
                value={cancelReason}
                onChange={(e) => {
                  setCancelReason(e.target.value);
                }}
              />
              <Radios
                id="patient-told"
                legend="Has the patient been told?"
                hint="If not, the cancellation stays flagged on the clinician’s day list"
                inline
                choices={[
                  { value: 'yes', label: 'Yes' },
                  { value: 'no', label: 'No, not yet' },
                ]}
                value={patientTold}
                onChange={setPatientTold}
              />
              <Button variant="warning" disabled={busy}>
                Cancel the appointment
              </Button>{' '}
              <Button
                type="button"
                variant="secondary"
                disabled={busy}
                onClick={() => {
                  setMoving(booked);
                  setNotice('Hold another slot, then move the appointment there');
                }}
              >
                Move to another slot
              </Button>
            </form>
          </div>
        </div>
      ) : null}

      {slots === null ? null : slots.length === 0 ? (
        <p>No slots match: try more days, another service or a wider distance.</p>
      ) : (
        <WideTable
          caption={`Slots (${String(slots.length)})`}
          head={['When', 'Service', 'Where', 'Clinician', 'Places left', 'Distance', '']}
          rows={slots.map((slot) => ({
            key: slot.id,
            cells: [
              formatWhen(slot.startsAt),
              `${SLOT_SERVICE_LABELS[slot.service]}, ${channelLabel(slot.channel)}`,
              slot.hubName ? `${slot.siteName} (${slot.hubName})` : slot.siteName,
              slot.staffName ?? 'Not yet named',
              String(slot.placesLeft),
              slot.distanceKm === null ? '' : `${slot.distanceKm.toFixed(1)} km`,
              slot.placesLeft > 0 ? (
                <Button
                  type="button"
                  variant="secondary"
                  className="nhsuk-u-margin-bottom-0"
                  disabled={busy || hold !== null}
                  aria-label={`Hold ${formatWhen(slot.startsAt)} at ${slot.siteName}`}
                  onClick={() => {
                    void onHold(slot);
                  }}
                >
                  Hold
                </Button>
              ) : (
                <strong className="nhsuk-tag nhsuk-tag--grey">Taken</strong>
              ),
            ],
          }))}
        />
      )}
    </>
  );
}
