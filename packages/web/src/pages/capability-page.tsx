import { sectionPages, type Capability } from '../capabilities';
import { InsetText } from '../components/inset-text';
import { useDocumentTitle } from '../components/use-document-title';
import { Link } from '../router/link';

/**
 * A section's page: what the capability does and a link to each of its pages; a section with
 * no pages yet says it is coming.
 */
export function CapabilityPage({ capability }: { capability: Capability }) {
  useDocumentTitle(capability.title);
  const pages = sectionPages.filter((page) => page.capability === capability.id);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{capability.title}</h1>
        <p className="nhsuk-lede-text">{capability.description}</p>
        {pages.length === 0 ? (
          <>
            <InsetText>
              <p>This section is coming: it is not available in this version of atscale yet.</p>
            </InsetText>
            <p>
              <Link to="/">Back to home</Link>
            </p>
          </>
        ) : (
          <ul className="nhsuk-list">
            {pages.map((page) => (
              <SectionPageItem key={page.path} page={page} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A page of a section in its list: its title as a link, and what it is for. */
export function SectionPageItem({
  page,
}: {
  page: { path: string; title: string; description: string };
}) {
  return (
    <li>
      <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
        <Link to={page.path}>{page.title}</Link>
      </h2>
      <p>{page.description}</p>
    </li>
  );
}
