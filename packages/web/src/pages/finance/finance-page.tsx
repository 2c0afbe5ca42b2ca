import type { Me } from '../../api/me';
import { capabilities, sectionPages } from '../../capabilities';
import { InsetText } from '../../components/inset-text';
import { PageHeading } from '../../components/page-heading';
import { useDocumentTitle } from '../../components/use-document-title';
import { SectionPageItem } from '../capability-page';
import { financeAccessOf, mayOpenFinancePage } from './finance-access';

const finance = capabilities.find((capability) => capability.id === 'finance');

/** The Finance section's own page: what it holds, and a link to each page the user may use. */
export function FinancePage({ me }: { me: Me }) {
  useDocumentTitle('Finance');
  const access = financeAccessOf(me);
  const pages = sectionPages.filter(
    (page) => page.capability === 'finance' && mayOpenFinancePage(page.path, access),
  );
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading caption="Finance">Finance</PageHeading>
        <p className="nhsuk-lede-text">{finance?.description}</p>
        {pages.length === 0 ? (
          <InsetText>
            <p>
              The finance pages are for the central finance team, partners, board members and
              practice managers. Ask your organisation’s administrator if you need them.
            </p>
          </InsetText>
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
