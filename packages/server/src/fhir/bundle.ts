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

/**
 * One page of a search as a searchset Bundle: `total` counts every match, `self`, `next` and
 * `previous` links carry the same query with the page's `_offset`, and parameters that were
 * ignored are reported in an OperationOutcome entry (search mode `outcome`).
 */
export function searchset(input: {
  readonly base: string;
  readonly type: string;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  readonly matches: readonly FhirResource[];
  readonly count: number;
  readonly offset: number;
  readonly ignored: readonly FieldProblem[];
}): SearchsetBundle {
  const { base, type, matches, count, offset } = input;
  const page = matches.slice(offset, offset + count);
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
  if (offset + count < matches.length) links.push({ relation: 'next', url: link(offset + count) });
  if (offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, offset - count)) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: matches.length,
    link: links,
    entry: [
      ...page.map((resource) => ({
        fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
        resource,
        search: { mode: 'match' as const },
      })),
      ...(input.ignored.length > 0
        ? [{ resource: warningOutcome(input.ignored), search: { mode: 'outcome' as const } }]
        : []),
    ],
  };
}
