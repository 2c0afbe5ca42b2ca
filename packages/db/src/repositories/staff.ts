import {
  AtscaleError,
  can,
  canAt,
  checkCareerLadder,
  checkStaffMember,
  directionOf,
  forbidden,
  grantingRole,
  ladderMove,
  notFound,
  reachOf,
  roleMayHoldGrade,
  CAREER_GRADES,
  CAREER_GRADE_LABELS,
  type CareerGrade,
  type EmployingBody,
  type IsoDate,
  type LadderDirection,
  type StaffMemberDetails,
  type StaffRole,
  type StaffSkill,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { writeAudit } from './audit.js';
import { todayInEngland } from './organisation-today.js';
import { sqlState, UNIQUE_VIOLATION } from '../sql-errors.js';

/** A member of staff as the register lists them. */
export interface StaffListing {
  readonly id: string;
  readonly fullName: string;
  readonly staffRole: StaffRole;
  readonly grade: CareerGrade | null;
  readonly employingBody: EmployingBody;
  readonly homePracticeId: string | null;
  readonly homePracticeName: string | null;
  readonly contractedSessions: number | null;
  readonly resilienceTeam: boolean;
  /** The pool they belong to today, if any. */
  readonly pool: 'locum' | 'salaried' | null;
  readonly startedOn: IsoDate | null;
  readonly leftOn: IsoDate | null;
}

/** A site someone can work at. */
export interface StaffSite {
  readonly id: string;
  readonly name: string;
  readonly practiceId: string | null;
}

/** One move on the career ladder, as the history shows it. */
export interface GradeChange {
  readonly id: string;
  readonly fromGrade: CareerGrade | null;
  readonly toGrade: CareerGrade;
  readonly direction: LadderDirection;
  readonly effectiveFrom: IsoDate;
  readonly reason: string;
  readonly recordedAt: string;
}

/** A member of staff with everything the person page shows. */
export interface StaffMember extends StaffListing {
  readonly dateOfBirth: IsoDate | null;
  readonly registrationNumber: string | null;
  readonly skills: StaffSkill[];
  readonly userId: string | null;
  /** Sites they can work at beyond their home practice's. */
  readonly sites: StaffSite[];
  /** Moves on the career ladder, oldest first. */
  readonly gradeChanges: GradeChange[];
}

/** Filters of the staff list; each narrows it. */
export interface StaffFilter {
  readonly practiceId?: string | undefined;
  /** A staff role (the route checks it is one). */
  readonly role?: string | undefined;
  readonly resilienceTeam?: boolean | undefined;
  /** Only pool members (true) or only people outside the pools (false). */
  readonly pool?: boolean | undefined;
  /** Include people who have left (they are left out by default). */
  readonly includeLeft?: boolean | undefined;
}

/** The fields a member of staff is created or changed with. */
export interface StaffFields {
  readonly fullName: string;
  readonly staffRole: string;
  readonly grade: string | null;
  readonly employingBody: string;
  readonly homePracticeId: string | null;
  readonly contractedSessions: number | null;
  readonly dateOfBirth: string | null;
  readonly startedOn: string | null;
  readonly leftOn: string | null;
  readonly registrationNumber: string | null;
  readonly skills: readonly string[];
  readonly siteIds: readonly string[];
  readonly resilienceTeam: boolean;
}

/** A new member of staff: the name, role and employer are needed, the rest may follow. */
export type NewStaffMember = Pick<StaffFields, 'fullName' | 'staffRole' | 'employingBody'> &
  Partial<StaffFields>;

/** A change to a member of staff: only the fields given change; null clears one. */
export type StaffPatch = Partial<Omit<StaffFields, 'grade'>>;

/** A move on the career ladder as asked for. */
export interface GradeChangeRequest {
  readonly to: string;
  readonly effectiveFrom: string;
  readonly reason: string;
}

const LISTING_COLUMNS = `st.id, st.full_name as "fullName", st.staff_role as "staffRole", st.grade,
  st.employing_body as "employingBody", st.home_practice_id as "homePracticeId",
  p.name as "homePracticeName", st.contracted_sessions::float8 as "contractedSessions",
  st.resilience_team as "resilienceTeam",
  (select pm.pool from pool_member pm
    where pm.org_id = st.org_id and pm.staff_id = st.id
      and (pm.left_on is null or pm.left_on > $2::date)) as pool,
  to_char(st.started_on, 'YYYY-MM-DD') as "startedOn",
  to_char(st.left_on, 'YYYY-MM-DD') as "leftOn"`;

const DETAIL_COLUMNS = `${LISTING_COLUMNS},
  to_char(st.date_of_birth, 'YYYY-MM-DD') as "dateOfBirth",
  st.registration_number as "registrationNumber", st.skills, st.user_id as "userId"`;

const FROM = `staff_member st
  left join practice p on p.org_id = st.org_id and p.id = st.home_practice_id`;

/** A staff member's own row, before their sites and ladder history are added. */
type StaffRow = Omit<StaffMember, 'sites' | 'gradeChanges'>;

/** Renames the fields of a validation error: the domain's names to the repository's. */
function renamingFields<T>(work: () => T, renamed: Readonly<Record<string, string>>): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AtscaleError)) throw error;
    throw new AtscaleError(
      error.code,
      error.detail,
      error.errors.map((p) => ({ ...p, field: renamed[p.field] ?? p.field })),
    );
  }
}

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', message, [{ field, message }]);

/**
 * The staff register for one caller. `staff:read` reaches the whole organisation for central
 * roles and their own practices' staff for a practice manager; `staff:manage` likewise for
 * changes. Every write is audited in its transaction; dates of birth never go to the audit
 * reason or the logs.
 */
export function staffRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const target = (practiceId: string | null) => ({ orgId, practiceId });

  const audit = async (
    tx: Queryable,
    entityType: string,
    entityId: string,
    action: string,
    practiceId: string | null,
    reason: string | null,
  ) => {
    await writeAudit(tx, [
      {
        orgId,
        userId: principal.userId,
        role: grantingRole(principal, 'staff:manage', target(practiceId)),
        action,
        entityType,
        entityId,
        patientId: null,
        reason,
        requestId,
      },
    ]);
  };

  const loadLadder = async (q: Queryable): Promise<CareerGrade[]> => {
    const { rows } = await q.query<{ ladder: string[] }>(
      'select career_ladder as ladder from organisation_settings where org_id = $1',
      [orgId],
    );
    const stored = rows[0]?.ladder;
    return stored
      ? (stored.filter((g) => (CAREER_GRADES as readonly string[]).includes(g)) as CareerGrade[])
      : [...CAREER_GRADES];
  };

  /** The staff member's row, or not found: in another organisation it does not exist. */
  const findRow = async (q: Queryable, staffId: string, lock = false): Promise<StaffRow> => {
    const { rows } = await q.query<StaffRow>(
      `select ${DETAIL_COLUMNS} from ${FROM}
        where st.org_id = $1 and st.id = $3${lock ? ' for update of st' : ''}`,
      [orgId, todayInEngland(), staffId],
    );
    const row = rows[0];
    if (!row) throw notFound('The member of staff');
    return row;
  };

  const detailOf = async (q: Queryable, row: StaffRow): Promise<StaffMember> => {
    // One after another: an embedded database serves one query at a time anyway.
    const sites = await q.query<StaffSite>(
      `select s.id, s.name, s.practice_id as "practiceId"
           from staff_site ss join site s on s.org_id = ss.org_id and s.id = ss.site_id
          where ss.org_id = $1 and ss.staff_id = $2 order by s.name, s.id`,
      [orgId, row.id],
    );
    const changes = await q.query<Omit<GradeChange, 'direction'>>(
      `select id, from_grade as "fromGrade", to_grade as "toGrade",
                to_char(effective_from, 'YYYY-MM-DD') as "effectiveFrom", reason,
                to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "recordedAt"
           from grade_change where org_id = $1 and staff_id = $2
          order by effective_from, created_at`,
      [orgId, row.id],
    );
    const ladder = await loadLadder(q);
    return {
      ...row,
      sites: sites.rows,
      gradeChanges: changes.rows.map((change) => ({
        ...change,
        direction: directionOf(ladder, change.fromGrade, change.toGrade),
      })),
    };
  };

  const requireReadOf = (row: { homePracticeId: string | null }) => {
    if (!canAt(principal, 'staff:read', target(row.homePracticeId))) {
      throw forbidden('see this member of staff');
    }
  };

  const requireManageOf = (practiceId: string | null, what: string) => {
    if (!canAt(principal, 'staff:manage', target(practiceId))) throw forbidden(what);
  };

  /** Refuses practices and sites that are not the organisation's, naming the field. */
  const checkReferences = async (
    q: Queryable,
    practiceId: string | null,
    siteIds: readonly string[],
  ) => {
    if (practiceId !== null) {
      const { rows } = await q.query('select 1 from practice where org_id = $1 and id = $2', [
        orgId,
        practiceId,
      ]);
      if (rows.length === 0) throw notFound('The practice');
    }
    if (siteIds.length > 0) {
      const { rows } = await q.query<{ id: string }>(
        'select id from site where org_id = $1 and id = any($2::uuid[])',
        [orgId, [...new Set(siteIds)]],
      );
      const known = new Set(rows.map((r) => r.id));
      const missing = siteIds.find((id) => !known.has(id));
      if (missing !== undefined) {
        throw invalid('/siteIds', `${missing} is not a site of this organisation`);
      }
    }
  };

  const writeSites = async (tx: Queryable, staffId: string, siteIds: readonly string[]) => {
    await tx.query('delete from staff_site where org_id = $1 and staff_id = $2', [orgId, staffId]);
    if (siteIds.length === 0) return;
    await tx.query(
      `insert into staff_site (org_id, staff_id, site_id)
       select $1, $2, unnest($3::uuid[])`,
      [orgId, staffId, [...new Set(siteIds)]],
    );
  };

  const detailsOf = (fields: StaffFields): StaffMemberDetails => ({
    fullName: fields.fullName,
    staffRole: fields.staffRole,
    grade: fields.grade,
    employingBody: fields.employingBody,
    homePracticeId: fields.homePracticeId,
    contractedSessions: fields.contractedSessions,
    dateOfBirth: fields.dateOfBirth,
    startedOn: fields.startedOn,
    leftOn: fields.leftOn,
    registrationNumber: fields.registrationNumber,
    skills: fields.skills,
  });

  return {
    /** The staff the caller may see: current staff by default, by name. */
    async list(filter: StaffFilter = {}): Promise<StaffListing[]> {
      const reach = reachOf(principal, 'staff:read');
      if (reach.kind === 'none') throw forbidden('see the staff register');
      const where = ['st.org_id = $1'];
      const params: unknown[] = [orgId, todayInEngland()];
      const add = (clause: (n: string) => string, value: unknown) => {
        params.push(value);
        where.push(clause(`$${String(params.length)}`));
      };
      if (reach.kind === 'practices') {
        add((n) => `st.home_practice_id = any(${n}::uuid[])`, reach.practiceIds);
      }
      if (filter.practiceId !== undefined) {
        add((n) => `st.home_practice_id = ${n}`, filter.practiceId);
      }
      if (filter.role !== undefined) add((n) => `st.staff_role = ${n}`, filter.role);
      if (filter.resilienceTeam !== undefined) {
        add((n) => `st.resilience_team = ${n}`, filter.resilienceTeam);
      }
      if (filter.pool !== undefined) {
        add(
          (n) => `exists (select 1 from pool_member pm
                           where pm.org_id = st.org_id and pm.staff_id = st.id
                             and (pm.left_on is null or pm.left_on > $2::date)) = ${n}`,
          filter.pool,
        );
      }
      if (filter.includeLeft !== true) where.push('(st.left_on is null or st.left_on > $2::date)');
      const { rows } = await db.query<StaffListing>(
        `select ${LISTING_COLUMNS} from ${FROM}
          where ${where.join(' and ')}
          order by st.full_name, st.id`,
        params,
      );
      return rows;
    },

    /** One member of staff with their sites, skills and ladder history. */
    async get(staffId: string): Promise<StaffMember> {
      if (!can(principal, 'staff:read')) throw forbidden('see the staff register');
      const row = await findRow(db, staffId);
      requireReadOf(row);
      return detailOf(db, row);
    },

    /** Adds a member of staff; their grade, if any, is where they join the ladder. Audited. */
    async create(input: NewStaffMember): Promise<StaffMember> {
      if (!can(principal, 'staff:manage')) throw forbidden('add staff');
      const fields: StaffFields = {
        grade: null,
        homePracticeId: null,
        contractedSessions: null,
        dateOfBirth: null,
        startedOn: null,
        leftOn: null,
        registrationNumber: null,
        skills: [],
        siteIds: [],
        resilienceTeam: false,
        ...input,
      };
      const checked = checkStaffMember(detailsOf(fields), todayInEngland());
      await checkReferences(db, checked.homePracticeId, fields.siteIds);
      requireManageOf(
        checked.homePracticeId,
        checked.homePracticeId === null ? 'add central staff' : 'add staff to this practice',
      );
      const id = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `insert into staff_member (org_id, full_name, staff_role, grade, employing_body,
                                     home_practice_id, contracted_sessions, date_of_birth,
                                     started_on, left_on, registration_number, skills,
                                     resilience_team)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text[], $13)
           returning id`,
          [
            orgId,
            checked.fullName,
            checked.staffRole,
            checked.grade,
            checked.employingBody,
            checked.homePracticeId,
            checked.contractedSessions,
            checked.dateOfBirth,
            checked.startedOn,
            checked.leftOn,
            checked.registrationNumber,
            checked.skills,
            fields.resilienceTeam,
          ],
        );
        const newId = rows[0]?.id;
        if (newId === undefined) throw new Error('staff insert returned no row');
        await writeSites(tx, newId, fields.siteIds);
        await audit(tx, 'staff_member', newId, 'staff.create', checked.homePracticeId, null);
        return newId;
      });
      return detailOf(db, await findRow(db, id));
    },

    /**
     * Changes a member of staff's details. The grade changes only by a move on the ladder, so
     * it has its history; moving someone to another practice needs the right at both. Audited
     * with the names of the fields changed, never their values.
     */
    async update(staffId: string, patch: StaffPatch): Promise<StaffMember> {
      if (!can(principal, 'staff:manage')) throw forbidden('change staff');
      const before = await findRow(db, staffId);
      requireReadOf(before);
      requireManageOf(before.homePracticeId, 'change this member of staff');
      const current = await detailOf(db, before);
      const pick = <K extends keyof StaffPatch>(key: K, was: StaffFields[K]): StaffFields[K] => {
        const given = patch[key];
        return given === undefined ? was : given;
      };
      const fields: StaffFields = {
        fullName: pick('fullName', before.fullName),
        staffRole: pick('staffRole', before.staffRole),
        grade: before.grade,
        employingBody: pick('employingBody', before.employingBody),
        homePracticeId: pick('homePracticeId', before.homePracticeId),
        contractedSessions: pick('contractedSessions', before.contractedSessions),
        dateOfBirth: pick('dateOfBirth', before.dateOfBirth),
        startedOn: pick('startedOn', before.startedOn),
        leftOn: pick('leftOn', before.leftOn),
        registrationNumber: pick('registrationNumber', before.registrationNumber),
        skills: pick('skills', before.skills),
        siteIds: pick(
          'siteIds',
          current.sites.map((s) => s.id),
        ),
        resilienceTeam: pick('resilienceTeam', before.resilienceTeam),
      };
      const checked = renamingFields(
        () => checkStaffMember(detailsOf(fields), todayInEngland()),
        // A new role that cannot hold the grade they have is a problem of the role.
        patch.staffRole === undefined ? {} : { '/grade': '/staffRole' },
      );
      await checkReferences(db, checked.homePracticeId, fields.siteIds);
      if (checked.homePracticeId !== before.homePracticeId) {
        requireManageOf(checked.homePracticeId, 'move staff to that practice');
      }
      const changed = Object.keys(patch).filter(
        (key) => patch[key as keyof StaffPatch] !== undefined,
      );
      await db.transaction(async (tx) => {
        await tx.query(
          `update staff_member
              set full_name = $3, staff_role = $4, employing_body = $5, home_practice_id = $6,
                  contracted_sessions = $7, date_of_birth = $8, started_on = $9, left_on = $10,
                  registration_number = $11, skills = $12::text[], resilience_team = $13
            where org_id = $1 and id = $2`,
          [
            orgId,
            staffId,
            checked.fullName,
            checked.staffRole,
            checked.employingBody,
            checked.homePracticeId,
            checked.contractedSessions,
            checked.dateOfBirth,
            checked.startedOn,
            checked.leftOn,
            checked.registrationNumber,
            checked.skills,
            fields.resilienceTeam,
          ],
        );
        if (patch.siteIds !== undefined) await writeSites(tx, staffId, fields.siteIds);
        await audit(
          tx,
          'staff_member',
          staffId,
          'staff.update',
          checked.homePracticeId,
          `changed: ${changed.join(', ') || 'nothing'}`,
        );
      });
      return detailOf(db, await findRow(db, staffId));
    },

    /**
     * Records a move up or down the organisation's ladder from a date, with the reason: the
     * move, the new grade and the audit row in one transaction. Moves are recorded in date
     * order, one a day; an earlier or same-day one is a conflict.
     */
    async recordGradeChange(staffId: string, request: GradeChangeRequest): Promise<StaffMember> {
      if (!can(principal, 'staff:manage')) throw forbidden('record moves on the career ladder');
      const before = await findRow(db, staffId);
      requireReadOf(before);
      requireManageOf(before.homePracticeId, 'record moves for this member of staff');
      try {
        await db.transaction(async (tx) => {
          const row = await findRow(tx, staffId, true);
          const ladder = await loadLadder(tx);
          const move = renamingFields(
            () =>
              ladderMove(ladder, row.grade, request.to, {
                on: request.effectiveFrom,
                reason: request.reason,
              }),
            { '/on': '/effectiveFrom' },
          );
          if (!roleMayHoldGrade(row.staffRole, move.to)) {
            throw invalid(
              '/to',
              `${row.fullName} cannot be ${CAREER_GRADE_LABELS[move.to].toLowerCase()} in their role`,
            );
          }
          const { rows: latest } = await tx.query<{ lastOn: string | null }>(
            `select to_char(max(effective_from), 'YYYY-MM-DD') as "lastOn"
               from grade_change where org_id = $1 and staff_id = $2`,
            [orgId, staffId],
          );
          const last = latest[0]?.lastOn ?? null;
          if (last !== null && move.on <= last) {
            throw new AtscaleError(
              'conflict',
              `Their last move was recorded from ${last}: a new move must be dated after it`,
            );
          }
          await tx.query(
            `insert into grade_change (org_id, staff_id, from_grade, to_grade, effective_from,
                                       reason, recorded_by)
             values ($1, $2, $3, $4, $5, $6, $7)`,
            [orgId, staffId, move.from, move.to, move.on, move.reason, principal.userId],
          );
          await tx.query('update staff_member set grade = $3 where org_id = $1 and id = $2', [
            orgId,
            staffId,
            move.to,
          ]);
          await audit(
            tx,
            'staff_member',
            staffId,
            'staff.grade-change',
            row.homePracticeId,
            `${move.direction}: ${move.from ?? 'none'} to ${move.to} from ${move.on}: ${move.reason}`,
          );
        });
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) {
          throw new AtscaleError('conflict', 'A move is already recorded on that date');
        }
        throw error;
      }
      return detailOf(db, await findRow(db, staffId));
    },

    /** The organisation's career ladder, lowest rung first: anyone in it may see it. */
    async careerLadder(): Promise<CareerGrade[]> {
      if (!can(principal, 'organisation:read')) throw forbidden('see this organisation');
      return loadLadder(db);
    },

    /**
     * Sets the organisation's career ladder, lowest rung first. Only the organisation's
     * central staff may (staff:manage for the whole organisation). Audited.
     */
    async setCareerLadder(ladder: readonly string[]): Promise<CareerGrade[]> {
      if (reachOf(principal, 'staff:manage').kind !== 'organisation') {
        throw forbidden('change the organisation’s career ladder');
      }
      const checked = checkCareerLadder(ladder);
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into organisation_settings (org_id, career_ladder) values ($1, $2::text[])
           on conflict (org_id) do update set career_ladder = excluded.career_ladder,
                                             updated_at = now()`,
          [orgId, checked],
        );
        await audit(
          tx,
          'organisation_settings',
          orgId,
          'career-ladder.update',
          null,
          checked.join(', '),
        );
      });
      return checked;
    },
  };
}
