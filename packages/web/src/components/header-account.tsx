import type { SubmitEvent } from 'react';
import { UserIcon } from './user-icon';

/** Props for {@link HeaderAccount}. */
export interface HeaderAccountProps {
  displayName: string;
  organisationName: string;
  onSignOut: () => void;
}

/** The header's account bar: who is signed in, for which organisation, and a sign-out button. */
export function HeaderAccount({ displayName, organisationName, onSignOut }: HeaderAccountProps) {
  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSignOut();
  };
  return (
    <nav className="nhsuk-header__account" aria-label="Account">
      <ul className="nhsuk-header__account-list">
        <li className="nhsuk-header__account-item">
          <UserIcon />
          {displayName}
        </li>
        <li className="nhsuk-header__account-item">{organisationName}</li>
        <li className="nhsuk-header__account-item">
          <form
            className="nhsuk-header__account-form"
            action="/api/auth/logout"
            method="post"
            onSubmit={handleSubmit}
            noValidate
          >
            <button className="nhsuk-header__account-button" type="submit">
              Sign out
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}
