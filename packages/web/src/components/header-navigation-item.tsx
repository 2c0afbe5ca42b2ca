import { Link } from '../router/link';

/** One entry of the header navigation. */
export interface NavigationItem {
  to: string;
  text: string;
  /** This item's section is the one being shown. */
  current: boolean;
}

/** A navigation link, marked as the current page the NHS way (aria-current plus a strong fallback). */
export function HeaderNavigationItem({ item }: { item: NavigationItem }) {
  const className = item.current
    ? 'nhsuk-header__navigation-item nhsuk-header__navigation-item--current'
    : 'nhsuk-header__navigation-item';
  return (
    <li className={className}>
      <Link
        className="nhsuk-header__navigation-link"
        to={item.to}
        aria-current={item.current ? 'page' : undefined}
      >
        {item.current ? (
          <strong className="nhsuk-header__navigation-item-current-fallback">{item.text}</strong>
        ) : (
          item.text
        )}
      </Link>
    </li>
  );
}
