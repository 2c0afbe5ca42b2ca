import type { ReactNode } from 'react';
import { Link } from '../router/link';

/** The NHS.UK back link, to the in-app path `to`, above a page's heading. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <div className="nhsuk-back-link">
      <Link className="nhsuk-back-link__link" to={to}>
        {children}
      </Link>
    </div>
  );
}
