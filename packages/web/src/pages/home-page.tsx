import type { Me } from '../api/me';
import { capabilities } from '../capabilities';
import { SummaryList } from '../components/summary-list';
import { Table } from '../components/table';
import { useDocumentTitle } from '../components/use-document-title';
import { formLabel } from '../labels';
import { RoleList } from './role-list';
import { SectionCards } from './section-cards';

/** The home page: the user's organisation, roles and practices from `/api/me`, then the sections. */
export function HomePage({ me }: { me: Me }) {
  useDocumentTitle('Home');
  const { user, organisation, practices } = me;
  return (
    <>
      <h1>
        <span className="nhsuk-caption-l">
          Your organisation
          <span className="nhsuk-u-visually-hidden"> - </span>
        </span>
        {organisation.name}
      </h1>
      <SummaryList
        rows={[
          { key: 'Organisation', value: organisation.name },
          { key: 'Form', value: formLabel(organisation.form) },
          { key: 'Signed in as', value: `${user.displayName} (${user.email})` },
          { key: 'Your roles', value: <RoleList me={me} /> },
        ]}
      />
      {practices.length > 0 ? (
        <Table
          caption="Practices you can act for"
          head={['ODS code', 'Practice']}
          rows={practices.map((practice) => ({
            key: practice.id,
            cells: [practice.odsCode, practice.name],
          }))}
        />
      ) : (
        <p>You cannot act for any practice yet.</p>
      )}
      <h2>Sections</h2>
      <SectionCards sections={capabilities} />
    </>
  );
}
