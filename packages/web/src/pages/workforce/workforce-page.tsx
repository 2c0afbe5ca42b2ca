import { capabilities, sectionPages } from '../../capabilities';
import { PageHeading } from '../../components/page-heading';
import { useDocumentTitle } from '../../components/use-document-title';
import { Link } from '../../router/link';

const workforce = capabilities.find((capability) => capability.id === 'workforce');

/** The Workforce section's own page: what it holds, and a link to each of its pages. */
export function WorkforcePage() {
  useDocumentTitle('Workforce');
  const pages = sectionPages.filter((page) => page.capability === 'workforce');
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading caption="Workforce">Workforce</PageHeading>
        <p className="nhsuk-lede-text">{workforce?.description}</p>
        <ul className="nhsuk-list">
          {pages.map((page) => (
            <li key={page.path}>
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                <Link to={page.path}>{page.title}</Link>
              </h2>
              <p>{page.description}</p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
