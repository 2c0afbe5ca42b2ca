import { fetchMyOffers } from '../../api/pools';
import { useApi } from '../../api/use-api';
import { capabilities, sectionPages } from '../../capabilities';
import { PageHeading } from '../../components/page-heading';
import { useDocumentTitle } from '../../components/use-document-title';
import { Link } from '../../router/link';
import { SectionPageItem } from '../capability-page';

const workforce = capabilities.find((capability) => capability.id === 'workforce');

/** The Workforce section's own page: what it holds, and a link to each of its pages. */
export function WorkforcePage() {
  useDocumentTitle('Workforce');
  const pages = sectionPages.filter((page) => page.capability === 'workforce');
  // Pool members see their offers; for anyone else the list is empty and the link stays away.
  const offers = useApi('my-offers', fetchMyOffers);
  const waiting =
    offers.state.status === 'done'
      ? offers.state.data.filter((offer) => offer.status === 'offered').length
      : 0;
  const hasOffers = offers.state.status === 'done' && offers.state.data.length > 0;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading caption="Workforce">Workforce</PageHeading>
        <p className="nhsuk-lede-text">{workforce?.description}</p>
        <ul className="nhsuk-list">
          {hasOffers ? (
            <li>
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                <Link to="/workforce/my-offers">My offers</Link>
              </h2>
              <p>
                {waiting === 0
                  ? 'Sessions offered to you from the pool, and your answers.'
                  : `${String(waiting)} ${waiting === 1 ? 'session' : 'sessions'} offered to you from the pool, waiting for your answer.`}
              </p>
            </li>
          ) : null}
          {pages.map((page) => (
            <SectionPageItem key={page.path} page={page} />
          ))}
        </ul>
      </div>
    </div>
  );
}
