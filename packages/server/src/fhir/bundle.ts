import type { FieldProblem } from '@atscale/domain';
import { warningOutcome } from './operation-outcome.js';

/** A FHIR resource as we emit it: a plain JSON object with its type and id. */
export interface FhirResource {
  readonly resourceType: string;
  readonly id?: string;
  readonly [key: string]: unknown;
}

/** A FHIR R4 searchset Bundle (a type literal, so it is a FhirResource too). */
export type SearchsetBundle = {
  readonly resourceType: 'Bundle';
  readonly type: 'searchset';
  readonly total: number;
  readonly link: { relation: string; url: string }[];
  readonly entry: {
    fullUrl?: string;
    resource: FhirResource;
    search: { mode: 'match' | 'include' | 'outcome' };
  }[];
};

/** A FHIR Reference to `Type/id`, with its display when there is one. */
export function reference(
  type: string,
  id: string,
  display?: string | null,
): { reference: string; display?: string } {
  return { reference: `${type}/${id}`, ...(display ? { display } : {}) };
}

/**
 * A searchset Bundle of one page of a search (`total` matches in all), with included resources
 * (search mode include) and ignored parameters reported in an OperationOutcome (search mode
 * outcome). `self`, `next` and `previous` links carry the same query with the page's `_offset`.
 */
export function pageBundle(input: {
  readonly base: string;
  readonly type: string;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  readonly page: readonly FhirResource[];
  readonly includes?: readonly FhirResource[];
  readonly total: number;
  readonly count: number;
  readonly offset: number;
  readonly ignored: readonly FieldProblem[];
}): SearchsetBundle {
  const { base, type, count, offset, total } = input;
  const link = (at: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(input.query)) {
      if (name === '_offset' || name === '_count' || value === undefined) continue;
      for (const v of [value].flat()) params.append(name, v);
    }
    params.set('_count', String(count));
    params.set('_offset', String(at));
    return `${base}/${type}?${params.toString()}`;
  };
  const links = [{ relation: 'self', url: link(offset) }];
  if (offset + count < total) links.push({ relation: 'next', url: link(offset + count) });
  if (offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, offset - count)) });
  const entry = (resource: FhirResource, mode: 'match' | 'include') => ({
    // A proposed Appointment ($find) has no id, so no fullUrl.
    ...(resource.id !== undefined
      ? { fullUrl: `${base}/${resource.resourceType}/${resource.id}` }
      : {}),
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    link: links,
    entry: [
      ...input.page.map((r) => entry(r, 'match')),
      ...(input.includes ?? []).map((r) => entry(r, 'include')),
      ...(input.ignored.length > 0
        ? [{ resource: warningOutcome(input.ignored), search: { mode: 'outcome' as const } }]
        : []),
    ],
  };
}

/** One page of a search over a list already in memory, as a searchset Bundle (see pageBundle). */
export function searchset(input: {
  readonly base: string;
  readonly type: string;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  readonly matches: readonly FhirResource[];
  readonly count: number;
  readonly offset: number;
  readonly ignored: readonly FieldProblem[];
}): SearchsetBundle {
  const { matches, ...rest } = input;
  return pageBundle({
    ...rest,
    page: matches.slice(input.offset, input.offset + input.count),
    total: matches.length,
  });
}
