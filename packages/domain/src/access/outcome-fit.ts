import type { DeliveryChannel } from './requests.js';
import { SLOT_SERVICE_LABELS, SPECIALIST_SERVICES, type SlotService } from './slots.js';
import { OUTCOME_RULES, type TriageOutcome } from './triage.js';

/** A slot as the triage-outcome check needs it. */
export interface OutcomeFitSlot {
  readonly channel: DeliveryChannel;
  readonly service: SlotService;
  /** The practice whose site it is; null at an organisation's own site (a hub's, say). */
  readonly practiceId: string | null;
  readonly hubId: string | null;
  readonly siteName: string;
}

const CHANNEL_WORDS: Readonly<Record<DeliveryChannel, string>> = {
  'in-person': 'an in-person',
  telephone: 'a telephone',
  video: 'a video',
};

const SPECIALIST_NAMES = SPECIALIST_SERVICES.map((s) => SLOT_SERVICE_LABELS[s]).join(', ');

/**
 * Why a slot does not fit the triage outcome of the request it is booked for, or null when it
 * does (hazard H-016): the slot's channel must be the outcome's; "face to face at their own
 * practice" needs a slot at the patient's practice, "hub" a hub's slot and "specialist" a
 * specialist service's; an outcome that needs no appointment fits no slot. A request not yet
 * triaged (no outcome) is not checked: nobody has decided yet. The booker may book a slot that
 * does not fit on purpose by giving a reason, as with the hub's threshold; the caller audits it.
 */
export function outcomeFitProblem(input: {
  readonly outcome: TriageOutcome | null;
  readonly slot: OutcomeFitSlot;
  readonly patientPracticeId: string;
  readonly overrideReason?: string | null;
}): string | null {
  const { outcome, slot } = input;
  if (outcome === null) return null;
  if (input.overrideReason?.trim()) return null;
  const rule = OUTCOME_RULES[outcome];
  const asks = rule.needsAppointment ? needs(outcome) : 'no appointment';
  const fits =
    rule.needsAppointment &&
    slot.channel === rule.channel &&
    (rule.where !== 'home-practice' ||
      rule.channel !== 'in-person' ||
      slot.practiceId === input.patientPracticeId) &&
    (rule.where !== 'hub' || slot.hubId !== null) &&
    (rule.where !== 'specialist' || SPECIALIST_SERVICES.includes(slot.service));
  if (fits) return null;
  return `The triage outcome "${rule.label}" asks for ${asks}, but this is ${describe(slot, input.patientPracticeId)}: choose a slot that fits, or give a reason to book this one anyway`;
}

/** What an outcome that needs an appointment asks for, in words. */
function needs(outcome: TriageOutcome): string {
  const rule = OUTCOME_RULES[outcome];
  const slot = `${CHANNEL_WORDS[rule.channel ?? 'in-person']} slot`;
  switch (rule.where) {
    case 'home-practice':
      return rule.channel === 'in-person' ? `${slot} at the patient’s own practice` : slot;
    case 'any-site':
      return `${slot} at any site`;
    case 'hub':
      return `${slot} at a hub`;
    case 'specialist':
      return `${slot} of a specialist service (${SPECIALIST_NAMES})`;
    case null:
      return slot;
  }
}

/** A slot in words: its channel, service and where it is. */
function describe(slot: OutcomeFitSlot, patientPracticeId: string): string {
  const where =
    slot.hubId !== null
      ? ' (a hub)'
      : slot.practiceId === null
        ? ' (an organisation site)'
        : slot.practiceId === patientPracticeId
          ? ' (the patient’s own practice)'
          : ' (another practice’s site)';
  return `${CHANNEL_WORDS[slot.channel]} ${SLOT_SERVICE_LABELS[slot.service]} slot at ${slot.siteName}${where}`;
}
