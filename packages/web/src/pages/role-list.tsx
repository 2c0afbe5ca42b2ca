import type { Me } from '../api/me';
import { roleLabel } from '../labels';

/** The user's roles as a list, each with the practice it applies to or "whole organisation". */
export function RoleList({ me }: { me: Me }) {
  if (me.roles.length === 0) return <>No roles yet</>;
  const practiceName = (id: string) => {
    const practice = me.practices.find((candidate) => candidate.id === id);
    return practice ? `${practice.name} (${practice.odsCode})` : 'a practice';
  };
  return (
    <ul className="nhsuk-list">
      {me.roles.map(({ role, practiceId }) => (
        <li key={`${role} ${practiceId ?? ''}`}>
          {roleLabel(role)}
          {practiceId === null ? ', whole organisation' : ` at ${practiceName(practiceId)}`}
        </li>
      ))}
    </ul>
  );
}
