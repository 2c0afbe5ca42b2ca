import { useDocumentTitle } from '../components/use-document-title';
import { Link } from '../router/link';

/** The page for a path the app does not know, worded as the NHS service manual suggests. */
export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Page not found</h1>
        <p>If you entered a web address, check it was correct.</p>
        <p>If you pasted the web address, check you copied the entire address.</p>
        <p>
          <Link to="/">Go to the atscale home page</Link>
        </p>
      </div>
    </div>
  );
}
