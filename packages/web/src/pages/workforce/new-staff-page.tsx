import { useState } from 'react';
import type { CareerGrade } from '@atscale/domain';
import { fetchOrganisation, fetchSites, type OrganisationPractice } from '../../api/organisation';
import { fetchCareerLadder } from '../../api/staff';
import { useApi } from '../../api/use-api';
import { BackLink } from '../../components/back-link';
import type { ErrorSummaryItem } from '../../components/error-summary';
import { PageHeading } from '../../components/page-heading';
import { SuccessBanner } from '../../components/success-banner';
import { useDocumentTitle } from '../../components/use-document-title';
import { Link } from '../../router/link';
import { usePermission } from '../../session/use-permission';
import { LoadingPage } from '../loading-page';
import { PermissionDeniedPage } from '../permission-denied-page';
import { ServiceUnavailablePage } from '../service-unavailable-page';
import { NewStaffForm } from './staff-forms';

/** What the form offers: the practices, the ladder's grades and the sites. */
interface Choices {
  practices: OrganisationPractice[];
  ladder: CareerGrade[];
  sites: { id: string; name: string }[];
}

const loadChoices = async (): Promise<Choices> => {
  const [organisation, ladder, sites] = await Promise.all([
    fetchOrganisation(),
    fetchCareerLadder(),
    fetchSites(),
  ]);
  return {
    practices: [...organisation.practices].sort((a, b) => a.name.localeCompare(b.name)),
    ladder,
    sites: sites.map((site) => ({
      id: site.id,
      name: site.practiceName ? `${site.practiceName}: ${site.name}` : site.name,
    })),
  };
};

/** Adds a member of staff to the register. */
export function NewStaffPage() {
  const [errors, setErrors] = useState<ErrorSummaryItem[]>([]);
  const [added, setAdded] = useState<{ id: string; name: string; version: number } | null>(null);
  useDocumentTitle(`${errors.length > 0 ? 'Error: ' : ''}Add a member of staff`);
  // A practice manager adds their own practice's staff: any grant of staff:manage will do here,
  // and the server decides for the practice chosen.
  const centrally = usePermission('staff:manage', null);
  const choices = useApi('new-staff-choices', loadChoices);
  if (choices.state.status === 'loading') return <LoadingPage />;
  if (choices.state.status === 'error') {
    if (choices.state.httpStatus === 403) return <PermissionDeniedPage what="the staff register" />;
    return <ServiceUnavailablePage detail={choices.state.detail} />;
  }
  const { practices, ladder, sites } = choices.state.data;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {added ? (
          <SuccessBanner key={added.version}>
            Added {added.name}.{' '}
            <Link to={`/workforce/staff/${encodeURIComponent(added.id)}`}>
              See {added.name}’s details
            </Link>
          </SuccessBanner>
        ) : null}
        <BackLink to="/workforce/staff">Staff</BackLink>
        <PageHeading caption="Workforce">Add a member of staff</PageHeading>
        <p>
          {centrally
            ? 'Anyone who works in the organisation: at a practice, centrally or as a locum.'
            : 'Someone who works at your practice.'}
        </p>
        <NewStaffForm
          key={added?.version ?? 0}
          practices={practices}
          ladder={ladder}
          sites={sites}
          shared={{ errors, onErrors: setErrors }}
          onSaved={(member) => {
            setAdded({ id: member.id, name: member.fullName, version: (added?.version ?? 0) + 1 });
            window.scrollTo(0, 0);
          }}
        />
      </div>
    </div>
  );
}
