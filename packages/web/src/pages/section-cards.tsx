import type { Capability } from '../capabilities';
import { Link } from '../router/link';

/** The sections as NHS.UK clickable cards, so they can be reached from the page body too. */
export function SectionCards({ sections }: { sections: readonly Capability[] }) {
  return (
    <ul className="nhsuk-grid-row nhsuk-card-group">
      {sections.map((section) => (
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={section.id}>
          <div className="nhsuk-card nhsuk-card--clickable">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-m">
                <Link className="nhsuk-card__link" to={section.path}>
                  {section.title}
                </Link>
              </h3>
              <p className="nhsuk-card__description">{section.description}</p>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
