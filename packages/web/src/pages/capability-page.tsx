import type { Capability } from '../capabilities';
import { InsetText } from '../components/inset-text';
import { useDocumentTitle } from '../components/use-document-title';
import { Link } from '../router/link';

/** A section's page; for now it says what the capability will do, since it is still being built. */
export function CapabilityPage({ capability }: { capability: Capability }) {
  useDocumentTitle(capability.title);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{capability.title}</h1>
        <p className="nhsuk-lede-text">{capability.description}</p>
        <InsetText>
          <p>This section is coming: it is not available in this version of atscale yet.</p>
        </InsetText>
        <p>
          <Link to="/">Back to home</Link>
        </p>
      </div>
    </div>
  );
}
