import { useDocumentTitle } from '../components/use-document-title';

/** Shown for the moment between opening the app and the server saying who is signed in. */
export function LoadingPage() {
  useDocumentTitle('Loading');
  return (
    <p className="nhsuk-body" role="status">
      Loading…
    </p>
  );
}
