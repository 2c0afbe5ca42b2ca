import { ApiError, type FieldError, type Problem } from '../api/problem';
import type { ErrorSummaryItem } from '../components/error-summary';

/** The error message the summary holds for the control with id `id`, if it holds one. */
export const errorFor = (errors: readonly ErrorSummaryItem[], id: string): string | undefined =>
  errors.find((error) => error.href === `#${id}`)?.text;

/** Where a form's refused requests send the reader, and what they say. */
export interface RefusalLinks {
  /** The href of the control a field error names (a pointer such as `body/postcode`). */
  hrefFor: (field: string) => string;
  /** The href for a problem that names no field, such as a conflict, or for a failed request. */
  fallbackHref: string;
  /** What a field error says; by default its message, or the problem's detail if it has none. */
  text?: (error: FieldError, problem: Problem) => string;
  /** What to say when no answer came back; by default the error's own message. */
  failed?: string;
}

const messageOf = (error: FieldError, problem: Problem) => error.message || problem.detail;

/**
 * A refused request as error summary items: one per field error the server named, linked to
 * its control, or the problem's detail, linked to `fallbackHref`, when it named none.
 */
export function problemItems(
  problem: Problem,
  { hrefFor, fallbackHref, text = messageOf }: RefusalLinks,
): ErrorSummaryItem[] {
  const named = (problem.errors ?? []).filter((error) => error.field !== '');
  if (named.length === 0) return [{ text: problem.detail, href: fallbackHref }];
  return named.map((error) => ({ text: text(error, problem), href: hrefFor(error.field) }));
}

/** A failed request as error summary items: the server's problem, or why no answer came. */
export function refusalItems(error: unknown, links: RefusalLinks): ErrorSummaryItem[] {
  if (error instanceof ApiError) return problemItems(error.problem, links);
  const text = links.failed ?? (error instanceof Error ? error.message : 'The request failed.');
  return [{ text, href: links.fallbackHref }];
}
