import type { ReactNode } from 'react';

/** A page's h1 with an NHS.UK caption above it, such as "Organisation" over a practice's name. */
export function PageHeading({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <h1>
      <span className="nhsuk-caption-l">
        {caption}
        <span className="nhsuk-u-visually-hidden"> - </span>
      </span>
      {children}
    </h1>
  );
}
