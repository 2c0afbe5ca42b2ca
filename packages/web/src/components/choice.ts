/** One choice of a {@link Select}, {@link Checkboxes} or {@link Radios} group. */
export interface Choice<T extends string = string> {
  value: T;
  label: string;
  /** Shown under a checkbox or radio; a select's options have none. */
  hint?: string | undefined;
}

/**
 * How the boxes of a checkboxes or radios group with id `id` get their ids: `position`, the
 * NHS.UK convention, gives the first the group's own id (so the error summary can link to the
 * group) and the rest `${id}-2`, `${id}-3`…; `value` gives each `${id}-${value}`.
 */
export type ChoiceIds = 'position' | 'value';

/** The id of the box for `value` in a group whose boxes are given ids by value. */
export const choiceId = (id: string, value: string) => `${id}-${value}`;

/** The id of the `index`th box, for `value`, in a group with id `id`. */
export const choiceInputId = (id: string, ids: ChoiceIds, value: string, index: number) => {
  if (ids === 'value') return choiceId(id, value);
  return index === 0 ? id : `${id}-${String(index + 1)}`;
};
