import { useDocumentTitle } from '../components/use-document-title';
import { Link } from '../router/link';

/** Shown when the server refuses a page because the user's roles do not allow it (403). */
export function PermissionDeniedPage({ what }: { what: string }) {
  useDocumentTitle(`You do not have permission to see ${what}`);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>You do not have permission to see {what}</h1>
        <p>Your roles in this organisation do not include access to {what}.</p>
        <p>If you need access, ask someone who manages accounts in your organisation.</p>
        <p>
          <Link to="/">Go to the atscale home page</Link>
        </p>
      </div>
    </div>
  );
}
