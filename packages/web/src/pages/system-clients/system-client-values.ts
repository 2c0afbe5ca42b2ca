import { parseScope } from '@atscale/domain';
import type { Choice } from '../../components/choice';
import type { NewSystemClient } from '../../api/system-clients';

/** A scope as a person reads it: `system/Slot.read` → "Read Slot". */
export function scopeLabel(scope: string): string {
  const parsed = parseScope(scope);
  if (!parsed) return scope;
  const access = [parsed.read ? 'Read' : null, parsed.write ? 'Change' : null]
    .filter(Boolean)
    .join(' and ');
  return parsed.type === '*' ? `${access} every resource type` : `${access} ${parsed.type}`;
}

/** The scopes as checkbox choices, each with its SMART name as the hint. */
export function scopeChoices(scopes: readonly string[]): Choice[] {
  return scopes.map((scope) => ({ value: scope, label: scopeLabel(scope), hint: scope }));
}

/** What a client can act for, as select options: each practice, then each hub. */
export function actsForChoices(
  practices: readonly { id: string; name: string; odsCode: string }[],
  hubs: readonly { id: string; name: string }[],
): Choice[] {
  return [
    ...practices.map((p) => ({ value: `practice:${p.id}`, label: `${p.name} (${p.odsCode})` })),
    ...hubs.map((h) => ({ value: `hub:${h.id}`, label: `Hub: ${h.name}` })),
  ];
}

/** The chosen practice or hub as the request's field; empty for no choice. */
export function actsForField(value: string): Pick<NewSystemClient, 'practiceId' | 'hubId'> {
  const [kind, id = ''] = value.split(':', 2);
  if (kind === 'practice' && id !== '') return { practiceId: id };
  if (kind === 'hub' && id !== '') return { hubId: id };
  return {};
}
