import { useState } from 'react';
import { SITE_SERVICE_LABELS, SITE_SERVICES } from '@atscale/domain';
import { createSite, deleteSite, updateSite, type Site } from '../../api/organisation';
import { Button } from '../../components/button';
import { Checkbox } from '../../components/checkbox';
import { Checkboxes } from '../../components/checkboxes';
import { ErrorSummary } from '../../components/error-summary';
import { TextInput } from '../../components/text-input';
import { fieldValue } from '../../forms/form-data';
import { useFormSubmission } from '../../forms/use-form-submission';
import { readSiteForm, refusedItems, siteFieldId } from './site-form-values';

const SERVICE_CHOICES = SITE_SERVICES.map((service) => ({
  value: service,
  label: SITE_SERVICE_LABELS[service],
}));

/** Props for {@link SiteForm}. */
export interface SiteFormProps {
  /** Prefix of every control's id, unique on the page. */
  idPrefix: string;
  /** The practice a new site belongs to; null for a site of the organisation. */
  practiceId: string | null;
  /** The site to change; a new site is added when left out. */
  site?: Site;
  /** Called once the server has saved the site (or removed it: null). */
  onSaved: (site: Site | null, what: string) => void | Promise<void>;
}

/** Adds a site, or changes (and removes) one, showing what the server refused and why. */
export function SiteForm({ idPrefix, practiceId, site, onSaved }: SiteFormProps) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const { errors, setErrors, fieldError, busy, onSubmit, send } = useFormSubmission({
    refused: refusedItems((field) => siteFieldId(idPrefix, field), id('name')),
  });
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const isPracticeSite = (site?.practiceId ?? practiceId) !== null;

  const handleSubmit = onSubmit((form) => {
    const read = readSiteForm({
      name: fieldValue(form, id('name')),
      addressLines: [1, 2, 3, 4].map((line) => fieldValue(form, id(`address-${String(line)}`))),
      postcode: fieldValue(form, id('postcode')),
      latitude: fieldValue(form, id('latitude')),
      longitude: fieldValue(form, id('longitude')),
      cqcLocationId: fieldValue(form, id('cqcLocationId')),
      services: form.getAll(id('services')).filter((value) => typeof value === 'string'),
      isMain: fieldValue(form, id('isMain')) === 'yes',
    });
    if (!read.ok) {
      setErrors(
        read.errors.map((error) => ({
          text: error.message,
          href: `#${siteFieldId(idPrefix, error.field)}`,
        })),
      );
      return;
    }
    void send(async () => {
      const saved = site
        ? await updateSite(site.id, read.site)
        : await createSite(practiceId, read.site);
      await onSaved(saved, site ? `${saved.name} was changed` : `${saved.name} was added`);
    });
  });

  const remove = (removing: Site) => {
    if (busy) return;
    void send(async () => {
      try {
        await deleteSite(removing.id);
        await onSaved(null, `${removing.name} was removed`);
      } catch (error) {
        setConfirmingRemoval(false);
        throw error;
      }
    });
  };

  const lines = site?.addressLines ?? [];
  return (
    <>
      <ErrorSummary items={errors} />
      <form onSubmit={handleSubmit} noValidate>
        <TextInput
          id={id('name')}
          label="Site name"
          defaultValue={site?.name}
          autoComplete="off"
          error={fieldError(id('name'))}
        />
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Address</legend>
          {[1, 2, 3, 4].map((line) => (
            <TextInput
              key={line}
              id={id(`address-${String(line)}`)}
              label={`Address line ${String(line)}${line > 1 ? ' (optional)' : ''}`}
              defaultValue={lines[line - 1] ?? ''}
              autoComplete="off"
              error={fieldError(id(`address-${String(line)}`))}
            />
          ))}
          <TextInput
            id={id('postcode')}
            label="Postcode"
            className="nhsuk-input--width-10"
            defaultValue={site?.postcode ?? ''}
            autoComplete="off"
            spellCheck={false}
            error={fieldError(id('postcode'))}
          />
        </fieldset>
        <TextInput
          id={id('latitude')}
          label="Latitude (optional)"
          hint="In decimal degrees, for example 52.4862. Used to work out travel between sites."
          className="nhsuk-input--width-10"
          inputMode="decimal"
          defaultValue={site?.latitude === null || !site ? '' : String(site.latitude)}
          autoComplete="off"
          error={fieldError(id('latitude'))}
        />
        <TextInput
          id={id('longitude')}
          label="Longitude (optional)"
          hint="In decimal degrees, for example -1.8904. West of Greenwich is negative."
          className="nhsuk-input--width-10"
          inputMode="decimal"
          defaultValue={site?.longitude === null || !site ? '' : String(site.longitude)}
          autoComplete="off"
          error={fieldError(id('longitude'))}
        />
        <TextInput
          id={id('cqcLocationId')}
          label="CQC location ID (optional)"
          hint="For example, 1-123456789"
          className="nhsuk-input--width-20"
          defaultValue={site?.cqcLocationId ?? ''}
          autoComplete="off"
          spellCheck={false}
          error={fieldError(id('cqcLocationId'))}
        />
        <Checkboxes
          id={id('services')}
          legend="Services offered"
          hint="Select all that apply"
          choices={SERVICE_CHOICES}
          checked={site?.services ?? []}
          small
          ids="value"
          error={errors.find((error) => error.href.startsWith(`#${id('services')}`))?.text}
        />
        {isPracticeSite && !site?.isMain ? (
          <Checkbox
            id={id('isMain')}
            label="Make this the practice’s main site"
            hint={
              site
                ? 'The current main site will become a branch site'
                : 'A practice’s first site is always its main site'
            }
          />
        ) : null}
        <Button aria-disabled={busy}>{site ? 'Save changes' : 'Add site'}</Button>
      </form>
      {site && !site.isMain ? (
        confirmingRemoval ? (
          <div className="nhsuk-warning-callout">
            <h3 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Remove {site.name}?
              </span>
            </h3>
            <p>The site and its details will be removed from atscale.</p>
            <div className="nhsuk-button-group">
              <Button
                type="button"
                variant="warning"
                aria-disabled={busy}
                onClick={() => {
                  remove(site);
                }}
              >
                Yes, remove this site
              </Button>
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  setConfirmingRemoval(false);
                }}
              >
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setConfirmingRemoval(true);
            }}
          >
            Remove this site
          </Button>
        )
      ) : null}
    </>
  );
}
