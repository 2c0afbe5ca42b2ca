import { useEffect, useRef, type ReactNode } from 'react';
import { Footer } from './footer';
import { SkipLink } from './skip-link';

/** Props for {@link PageLayout}. */
export interface PageLayoutProps {
  /** The header (with its navigation) for this state of the app. */
  header: ReactNode;
  /** The current path: when it changes, focus moves to the main content. */
  path: string;
  children: ReactNode;
}

/** The NHS.UK page template: skip link, header, main content in the width container, footer. */
export function PageLayout({ header, path, children }: PageLayoutProps) {
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(path);

  // After an in-app navigation, start screen readers and keyboards at the new content,
  // as a full page load would; the first page keeps the browser's own start point.
  useEffect(() => {
    if (path === shownPath.current) return;
    shownPath.current = path;
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <>
      <SkipLink />
      {header}
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1} ref={main}>
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
