import { useEffect, useRef, type MouseEvent } from 'react';

/** One error in an {@link ErrorSummary}; `href` is `#` plus the id of the field to fix. */
export interface ErrorSummaryItem {
  text: string;
  href: string;
}

/** Props for {@link ErrorSummary}. */
export interface ErrorSummaryProps {
  title?: string;
  items: readonly ErrorSummaryItem[];
}

// Move focus to the field itself (not just scroll), as nhsuk-frontend's script does.
const focusTarget = (event: MouseEvent<HTMLAnchorElement>, href: string) => {
  const field = document.getElementById(href.slice(1));
  if (!field) return;
  event.preventDefault();
  field.focus();
  field.closest('.nhsuk-form-group')?.scrollIntoView();
};

/**
 * The NHS.UK error summary; takes focus when shown so screen readers announce it. With no items
 * there is nothing to show, and it shows nothing.
 */
export function ErrorSummary({ title = 'There is a problem', items }: ErrorSummaryProps) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    root.current?.focus();
  }, [items]);
  if (items.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" tabIndex={-1} ref={root}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{title}</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {items.map((item) => (
              <li key={`${item.href} ${item.text}`}>
                <a
                  href={item.href}
                  onClick={(event) => {
                    focusTarget(event, item.href);
                  }}
                >
                  {item.text}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
