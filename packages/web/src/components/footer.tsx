/** The NHS.UK footer, with a line on what the service is. */
export function Footer() {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <p className="nhsuk-body-s">
            atscale: the shared operating platform for general practices working at scale.
          </p>
        </div>
      </div>
    </footer>
  );
}
