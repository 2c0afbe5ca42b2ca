import type { ReactNode } from 'react';

/** NHS.UK inset text: a short note set apart from the text around it. */
export function InsetText({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      {children}
    </div>
  );
}
