import { Type, type TSchema } from '@sinclair/typebox';
import {
  CAREER_GRADES,
  EMPLOYING_BODIES,
  MAX_CONTRACTED_SESSIONS,
  STAFF_ROLES,
  STAFF_SKILLS,
} from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// Enums are checked by the schema; typed as text because the type provider cannot see through
// Type.Unsafe, and the domain's staff check reads text anyway.
const Role = Type.String({ enum: [...STAFF_ROLES] });
const Grade = Type.String({ enum: [...CAREER_GRADES] });
const Skill = Type.String({ enum: [...STAFF_SKILLS] });
const Body = Type.String({ enum: [...EMPLOYING_BODIES] });
const Day = (description: string) => Type.String({ format: 'date', description });

const StaffListing = Type.Object({
  id: Type.String(),
  fullName: Type.String(),
  staffRole: Role,
  grade: Nullable(Grade),
  employingBody: Body,
  homePracticeId: Nullable(Type.String()),
  homePracticeName: Nullable(Type.String()),
  contractedSessions: Nullable(Type.Number()),
  resilienceTeam: Type.Boolean(),
  pool: Nullable(Type.String({ enum: ['locum', 'salaried'] })),
  startedOn: Nullable(Type.String()),
  leftOn: Nullable(Type.String()),
});

const GradeChange = Type.Object({
  id: Type.String(),
  fromGrade: Nullable(Grade),
  toGrade: Grade,
  direction: Type.String({ enum: ['up', 'down'] }),
  effectiveFrom: Type.String(),
  reason: Type.String(),
  recordedAt: Type.String(),
});

/** A member of staff with their sites, skills and ladder history. */
const StaffMember = Type.Object({
  ...StaffListing.properties,
  dateOfBirth: Nullable(Type.String()),
  registrationNumber: Nullable(Type.String()),
  skills: Type.Array(Skill),
  userId: Nullable(Type.String()),
  sites: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), practiceId: Nullable(Type.String()) }),
  ),
  gradeChanges: Type.Array(GradeChange),
});

const details = {
  staffRole: Role,
  employingBody: Body,
  homePracticeId: Nullable(
    Type.String({ format: 'uuid', description: 'Needed when their practice employs them' }),
  ),
  contractedSessions: Nullable(
    Type.Number({
      minimum: 0,
      maximum: MAX_CONTRACTED_SESSIONS,
      description: 'Sessions a week, in halves',
    }),
  ),
  dateOfBirth: Nullable(Day('For retirement planning; personal data')),
  startedOn: Nullable(Day('First day of work')),
  leftOn: Nullable(Day('Last day of work')),
  registrationNumber: Nullable(
    Type.String({
      maxLength: 20,
      description: 'GMC number (GPs, physician associates), NMC PIN (nurses), GPhC number',
    }),
  ),
  skills: Type.Array(Skill, { maxItems: STAFF_SKILLS.length }),
  siteIds: Type.Array(Type.String({ format: 'uuid' }), {
    maxItems: 100,
    description: 'Sites they can work at beyond their home practice’s',
  }),
  resilienceTeam: Type.Boolean({ description: 'Central staff sent to a practice in crisis' }),
};

const NewStaffBody = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: 120 }),
    staffRole: details.staffRole,
    employingBody: details.employingBody,
    grade: Type.Optional(Nullable(Grade)),
    homePracticeId: Type.Optional(details.homePracticeId),
    contractedSessions: Type.Optional(details.contractedSessions),
    dateOfBirth: Type.Optional(details.dateOfBirth),
    startedOn: Type.Optional(details.startedOn),
    leftOn: Type.Optional(details.leftOn),
    registrationNumber: Type.Optional(details.registrationNumber),
    skills: Type.Optional(details.skills),
    siteIds: Type.Optional(details.siteIds),
    resilienceTeam: Type.Optional(details.resilienceTeam),
  },
  { additionalProperties: false },
);

const StaffPatchBody = Type.Partial(
  Type.Object({ fullName: Type.String({ minLength: 1, maxLength: 120 }), ...details }),
  { additionalProperties: false, minProperties: 1 },
);

const GradeChangeBody = Type.Object(
  {
    to: Type.String({ maxLength: 40, description: 'A grade on the organisation’s ladder' }),
    effectiveFrom: Type.String({ maxLength: 20, description: 'The first day of the new grade' }),
    reason: Type.String({ maxLength: 500, description: 'Why they move' }),
  },
  { additionalProperties: false },
);

const LadderBody = Type.Object(
  {
    ladder: Type.Array(Type.String({ maxLength: 40 }), {
      maxItems: CAREER_GRADES.length,
      description: 'Grades, lowest rung first',
    }),
  },
  { additionalProperties: false },
);

const Ladder = Type.Object({ ladder: Type.Array(Grade) });

const StaffQuery = Type.Object(
  {
    practiceId: Type.Optional(Type.String({ format: 'uuid' })),
    role: Type.Optional(Role),
    resilienceTeam: Type.Optional(Type.Boolean()),
    pool: Type.Optional(Type.Boolean({ description: 'Only pool members, or only others' })),
    includeLeft: Type.Optional(Type.Boolean({ description: 'Include people who have left' })),
  },
  { additionalProperties: false },
);

const StaffParams = Type.Object({ staffId: Type.String({ format: 'uuid' }) });

const errors = PROBLEM_RESPONSES;

/**
 * The staff register and the career ladder (WF-1). Central workforce and operations see
 * everyone; a practice manager sees and changes their practice's staff. Writes are audited.
 */
export const staffRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/staff',
    {
      schema: {
        tags: ['workforce'],
        summary: 'The staff the caller may see: current staff, by name',
        querystring: StaffQuery,
        response: { 200: Type.Object({ staff: Type.Array(StaffListing) }), ...errors },
      },
    },
    async (request) => ({ staff: await reposFor(request, db).staff.list(request.query) }),
  );

  app.post(
    '/api/staff',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Add a member of staff',
        description: 'Needs staff:manage at their home practice (centrally for others). Audited.',
        body: NewStaffBody,
        response: { 201: StaffMember, ...errors },
      },
    },
    async (request, reply) => {
      const member = await inBody(() => reposFor(request, db).staff.create(request.body));
      return reply.code(201).send(member);
    },
  );

  app.get(
    '/api/staff/:staffId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'A member of staff with their sites, skills and ladder history',
        params: StaffParams,
        response: { 200: StaffMember, ...errors },
      },
    },
    async (request) => reposFor(request, db).staff.get(request.params.staffId),
  );

  app.patch(
    '/api/staff/:staffId',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Change a member of staff: only the fields given change, null clears one',
        description:
          'The grade changes only by a move on the ladder (POST .../grade-changes). Audited by field name.',
        params: StaffParams,
        body: StaffPatchBody,
        response: { 200: StaffMember, ...errors },
      },
    },
    async (request) =>
      inBody(() => reposFor(request, db).staff.update(request.params.staffId, request.body)),
  );

  app.post(
    '/api/staff/:staffId/grade-changes',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Record a move up or down the career ladder from a date, with the reason',
        description:
          'Moves are recorded in date order: one dated on or before the last is answered 409. Audited.',
        params: StaffParams,
        body: GradeChangeBody,
        response: { 201: StaffMember, ...errors },
      },
    },
    async (request, reply) => {
      const member = await inBody(() =>
        reposFor(request, db).staff.recordGradeChange(request.params.staffId, request.body),
      );
      return reply.code(201).send(member);
    },
  );

  app.get(
    '/api/workforce/career-ladder',
    {
      schema: {
        tags: ['workforce'],
        summary: 'The organisation’s career ladder, lowest rung first',
        response: { 200: Ladder, ...errors },
      },
    },
    async (request) => ({ ladder: await reposFor(request, db).staff.careerLadder() }),
  );

  app.put(
    '/api/workforce/career-ladder',
    {
      schema: {
        tags: ['workforce'],
        summary: 'Set the organisation’s career ladder, lowest rung first',
        description: 'Needs staff:manage for the whole organisation. Audited.',
        body: LadderBody,
        response: { 200: Ladder, ...errors },
      },
    },
    async (request) => ({
      ladder: await inBody(() => reposFor(request, db).staff.setCareerLadder(request.body.ladder)),
    }),
  );
};
