import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { HeaderNavigationItem, type NavigationItem } from './header-navigation-item';
import { useNavigationOverflow } from './use-navigation-overflow';

/** Props for {@link HeaderNavigation}. */
export interface HeaderNavigationProps {
  items: readonly NavigationItem[];
}

/**
 * The header's navigation bar. Items that do not fit on one line move into a "More" menu,
 * as in nhsuk-frontend's own header script (which we cannot use: it moves React's DOM nodes).
 */
export function HeaderNavigation({ items }: HeaderNavigationProps) {
  const navigation = useRef<HTMLElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const measure = useRef<HTMLUListElement>(null);
  const menuList = useRef<HTMLUListElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const fits = useNavigationOverflow(list, measure, items.length);
  const overflow = items.slice(fits);
  const menuOpen = open && overflow.length > 0;

  // The menu list is absolutely positioned: a bottom border as tall as the menu pushes the page down.
  useLayoutEffect(() => {
    const height = menuOpen ? (menuList.current?.offsetHeight ?? 0) : 0;
    navigation.current?.style.setProperty('border-bottom-width', `${height}px`);
  });

  // Close the menu on Escape, on a click outside the navigation, or on choosing an item.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target as Node;
      const inMenu = menuList.current?.contains(target) ?? false;
      const inToggle = toggle.current?.contains(target) ?? false;
      if (!inToggle && (inMenu || !navigation.current?.contains(target))) setOpen(false);
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('click', onClick, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('click', onClick, true);
    };
  }, [menuOpen]);

  return (
    <nav className="nhsuk-header__navigation" aria-label="Menu" ref={navigation}>
      <div className="nhsuk-header__navigation-container nhsuk-width-container">
        <ul className="nhsuk-header__navigation-list" ref={list}>
          {items.slice(0, fits).map((item) => (
            <HeaderNavigationItem key={item.to} item={item} />
          ))}
          {overflow.length > 0 ? (
            <li className="nhsuk-header__menu">
              <button
                className="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
                type="button"
                aria-expanded={menuOpen}
                ref={toggle}
                onClick={() => {
                  setOpen(!menuOpen);
                }}
              >
                <span className="nhsuk-u-visually-hidden">Browse </span>More
              </button>
              {menuOpen ? (
                <ul className="nhsuk-header__menu-list" ref={menuList}>
                  {overflow.map((item) => (
                    <HeaderNavigationItem key={item.to} item={item} />
                  ))}
                </ul>
              ) : null}
            </li>
          ) : null}
        </ul>
        <ul
          className="nhsuk-header__navigation-list app-navigation-measure"
          aria-hidden="true"
          ref={measure}
        >
          {items.map((item) => (
            <li className="nhsuk-header__navigation-item" key={item.to}>
              <span className="nhsuk-header__navigation-link">{item.text}</span>
            </li>
          ))}
          <li className="nhsuk-header__menu">
            <span className="nhsuk-header__menu-toggle nhsuk-header__navigation-link">More</span>
          </li>
        </ul>
      </div>
    </nav>
  );
}
