import { isSiteService, SITE_SERVICE_LABELS } from '@atscale/domain';
import type { Site } from '../../api/organisation';
import { Details } from '../../components/details';
import { SummaryList } from '../../components/summary-list';
import { idAsWords } from '../../format/format';
import { SiteForm } from './site-form';

/** A service's label; a code this version does not know is shown as its words. */
export const serviceLabel = (code: string): string =>
  isSiteService(code) ? SITE_SERVICE_LABELS[code] : idAsWords(code);

const notRecorded = 'Not recorded';

/** A practice's or site's address for a summary list: a line each, postcode last. */
export function addressValue(place: { addressLines: readonly string[]; postcode: string | null }) {
  const address = [...place.addressLines, ...(place.postcode ? [place.postcode] : [])];
  if (address.length === 0) return notRecorded;
  return address.map((line, index) => (
    <span className="nhsuk-u-display-block" key={`${String(index)}-${line}`}>
      {line}
    </span>
  ));
}

/** One site: address, services and CQC location, with a form to change it for those allowed. */
export function SiteCard({
  site,
  canChange,
  onSaved,
}: {
  site: Site;
  canChange: boolean;
  onSaved: (what: string) => void | Promise<void>;
}) {
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading">
          {site.name}
          {site.isMain ? (
            <>
              {' '}
              <strong className="nhsuk-tag nhsuk-tag--blue">Main site</strong>
            </>
          ) : null}
        </h3>
        <SummaryList
          rows={[
            { key: 'Address', value: addressValue(site) },
            {
              key: 'Services',
              value:
                site.services.length > 0 ? (
                  <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
                    {site.services.map((service) => (
                      <li key={service}>{serviceLabel(service)}</li>
                    ))}
                  </ul>
                ) : (
                  'None recorded'
                ),
            },
            { key: 'CQC location ID', value: site.cqcLocationId ?? notRecorded },
            {
              key: 'Position',
              value:
                site.latitude !== null && site.longitude !== null
                  ? `${String(site.latitude)}, ${String(site.longitude)}`
                  : notRecorded,
            },
          ]}
        />
        {canChange ? (
          <Details summary={`Change ${site.name}`}>
            <SiteForm
              idPrefix={`site-${site.id}`}
              practiceId={site.practiceId}
              site={site}
              onSaved={(_saved, what) => onSaved(what)}
            />
          </Details>
        ) : null}
      </div>
    </div>
  );
}
