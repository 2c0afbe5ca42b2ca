import { useDocumentTitle } from '../components/use-document-title';

/** Shown when the server cannot say who is signed in (it is down or answered with an error). */
export function ServiceUnavailablePage({ detail }: { detail: string }) {
  useDocumentTitle('Sorry, there is a problem with the service');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Sorry, there is a problem with the service</h1>
        <p>{detail}</p>
        <p>Try again later.</p>
      </div>
    </div>
  );
}
