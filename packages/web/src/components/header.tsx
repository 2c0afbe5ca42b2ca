import type { ReactNode } from 'react';
import { Link } from '../router/link';
import { HeaderAccount, type HeaderAccountProps } from './header-account';
import { NhsLogo } from './nhs-logo';

/** Props for {@link Header}. */
export interface HeaderProps {
  /** The signed-in user's account bar; omitted before sign-in. */
  account?: HeaderAccountProps;
  /** The header navigation, if any. */
  children?: ReactNode;
}

/** The NHS.UK header: logo and service name linking home, the account bar, then the navigation. */
export function Header({ account, children }: HeaderProps) {
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to="/" aria-label="NHS atscale homepage">
            <NhsLogo />
            <span className="nhsuk-header__service-name">atscale</span>
          </Link>
        </div>
        {account ? <HeaderAccount {...account} /> : null}
      </div>
      {children}
    </header>
  );
}
