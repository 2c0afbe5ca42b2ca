import type { ReactNode } from 'react';

/**
 * A region that scrolls sideways on a narrow screen, so a wide table does not widen the page;
 * it takes the focus, so that a keyboard can scroll it too.
 */
export function ScrollingRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A scrollable region must be reachable by keyboard (WCAG 2.1.1).
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
