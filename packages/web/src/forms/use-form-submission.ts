import { useState, type SubmitEvent } from 'react';
import type { ErrorSummaryItem } from '../components/error-summary';
import { errorFor } from './error-items';

/** Options for {@link useFormSubmission}. */
export interface FormSubmissionOptions {
  /** The error summary items for a request that failed (see refusalItems). */
  refused: (error: unknown) => ErrorSummaryItem[];
  /**
   * The page's errors, for a form whose errors the page shows in one summary with others';
   * without it the form keeps its own.
   */
  shared?: {
    errors: readonly ErrorSummaryItem[];
    onErrors: (errors: ErrorSummaryItem[]) => void;
  };
}

/** A form's errors and sending state, from {@link useFormSubmission}. */
export interface FormSubmission {
  /** What the error summary shows. */
  errors: readonly ErrorSummaryItem[];
  /** Shows the errors the form's own checks found, or none. */
  setErrors: (errors: ErrorSummaryItem[]) => void;
  /** The error message for the control with id `id`, if there is one. */
  fieldError: (id: string) => string | undefined;
  /** True while a request is being sent: the submit button says so with aria-disabled. */
  busy: boolean;
  /**
   * The form's submit handler: keeps the browser from sending the form, ignores a second
   * submit while a request is being sent, and otherwise hands `read` the form's data.
   */
  onSubmit: (
    read: (form: FormData, element: HTMLFormElement) => void,
  ) => (event: SubmitEvent<HTMLFormElement>) => void;
  /**
   * Sends a request (and whatever follows it): clears the errors, is busy until it settles, and
   * shows why if it fails.
   */
  send: (request: () => Promise<void>) => Promise<void>;
}

/** The errors, busy state and submit handling that every form sending a request shares. */
export function useFormSubmission({ refused, shared }: FormSubmissionOptions): FormSubmission {
  const [ownErrors, setOwnErrors] = useState<ErrorSummaryItem[]>([]);
  const [busy, setBusy] = useState(false);
  const errors = shared ? shared.errors : ownErrors;
  const setErrors = shared ? shared.onErrors : setOwnErrors;

  const send = async (request: () => Promise<void>) => {
    setErrors([]);
    setBusy(true);
    try {
      await request();
    } catch (error) {
      setErrors(refused(error));
    } finally {
      setBusy(false);
    }
  };

  return {
    errors,
    setErrors,
    fieldError: (id) => errorFor(errors, id),
    busy,
    onSubmit: (read) => (event) => {
      event.preventDefault();
      if (busy) return;
      read(new FormData(event.currentTarget), event.currentTarget);
    },
    send,
  };
}
