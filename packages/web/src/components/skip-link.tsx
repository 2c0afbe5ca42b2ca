/** The NHS skip link: the first tab stop, jumping past the header to the main content. */
export function SkipLink() {
  return (
    <a className="nhsuk-skip-link" href="#maincontent">
      Skip to main content
    </a>
  );
}
