/**
 * Red-flag questions the online form asks before anything else (ACC-1): a "yes" to any of them
 * means the person must not wait in a queue, and is told at once to call 999 or use NHS 111.
 * Wording follows the NHS.UK "when to call 999" and "when to get help from 111" pages.
 */
export const RED_FLAGS = [
  {
    id: 'chest-pain',
    question: 'Do you have chest pain, or pain that spreads to your arm, neck, jaw or back?',
    advice: '999',
  },
  {
    id: 'breathing',
    question: 'Are you struggling to breathe, choking or turning blue?',
    advice: '999',
  },
  {
    id: 'stroke',
    question:
      'Has your face dropped on one side, can you not lift both arms, or is your speech slurred?',
    advice: '999',
  },
  {
    id: 'bleeding',
    question: 'Are you bleeding heavily, and it will not stop?',
    advice: '999',
  },
  {
    id: 'unconscious-or-fitting',
    question: 'Has someone collapsed, become unconscious or had a fit that will not stop?',
    advice: '999',
  },
  {
    id: 'allergic-reaction',
    question:
      'Is your face, lips or tongue swelling, or do you have a sudden rash with feeling faint?',
    advice: '999',
  },
  {
    id: 'suicidal-thoughts',
    question:
      'Are you thinking about ending your life, or worried you might act on those thoughts?',
    advice: '999',
  },
  {
    id: 'meningitis-signs',
    question: 'Do you have a rash that does not fade under a glass, with a fever or stiff neck?',
    advice: '999',
  },
  {
    id: 'severe-pain',
    question: 'Do you have sudden, severe pain that you cannot manage, anywhere in your body?',
    advice: '111',
  },
  {
    id: 'pregnancy-concern',
    question:
      'Are you pregnant and bleeding, in severe pain, or are your baby’s movements reduced?',
    advice: '111',
  },
] as const;

/** One red-flag question. */
export type RedFlag = (typeof RED_FLAGS)[number];
/** A red flag's id. */
export type RedFlagId = RedFlag['id'];
/** Where a person with a red flag is sent. */
export type RedFlagAdvice = '999' | '111';

/** The ids of every red-flag question, in the order the form asks them. */
export const RED_FLAG_IDS: readonly RedFlagId[] = RED_FLAGS.map((flag) => flag.id);

/** True when the text is a red flag's id. */
export function isRedFlagId(value: string): value is RedFlagId {
  return (RED_FLAG_IDS as readonly string[]).includes(value);
}

/**
 * What to tell someone who answered yes to the given red flags: 999 if any calls for it, 111
 * otherwise; null when there are none, and the request may be queued.
 */
export function redFlagAdvice(answeredYes: readonly RedFlagId[]): RedFlagAdvice | null {
  if (answeredYes.length === 0) return null;
  const flags = RED_FLAGS.filter((flag) => answeredYes.includes(flag.id));
  return flags.some((flag) => flag.advice === '999') ? '999' : '111';
}

/** The words shown to a person sent away from the form, for each kind of advice. */
export const RED_FLAG_ADVICE_TEXT: Readonly<Record<RedFlagAdvice, string>> = {
  '999': 'Call 999 now. Do not wait for your GP practice to reply: this needs help straight away.',
  '111': 'Call 111 or go to 111.nhs.uk now. Your GP practice cannot help quickly enough online.',
};
