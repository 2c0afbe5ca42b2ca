import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import {
  DUE_DILIGENCE_ITEMS,
  MEMBERSHIP_STAGES,
  ORGANISATION_FORMS,
  type DueDiligenceItemKind,
  type MembershipStage,
  type OrganisationForm,
  type RagRating,
  type SigningDocument,
} from '@atscale/domain';
import { EVIDENCE_MAX_LENGTH } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { inBody } from '../request-fields.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description?: string): TUnsafe<T> =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const RAG_RATINGS: readonly RagRating[] = ['red', 'amber', 'green'];
const SIGNING_DOCUMENTS: readonly SigningDocument[] = [
  'deed',
  'mou',
  'alliance-agreement',
  'integration-agreement',
];

const Stage = Enum<MembershipStage>(MEMBERSHIP_STAGES, 'A stage of the membership lifecycle');
const Item = Enum<DueDiligenceItemKind>(
  DUE_DILIGENCE_ITEMS,
  'An item of the due-diligence checklist',
);
const Rating = Enum<RagRating>(RAG_RATINGS, 'A red/amber/green rating');
const Form = Enum<OrganisationForm>(ORGANISATION_FORMS);
const Document = Enum<SigningDocument>(SIGNING_DOCUMENTS, 'The deed or MOU the form calls for');
const IsoDate = Type.String({ format: 'date' });
const Actor = Type.Object({ id: Type.String(), displayName: Type.String() });
const Decision = Type.Object({ decidedBy: Type.String(), reason: Type.String() });

const MembershipCard = Type.Object({
  practiceId: Type.String(),
  odsCode: Type.String(),
  name: Type.String(),
  stage: Stage,
  stageSince: IsoDate,
  listSize: Nullable(Type.Integer()),
  listSizeDate: Nullable(IsoDate),
  dueDiligence: Type.Object(
    {
      red: Type.Integer(),
      amber: Type.Integer(),
      green: Type.Integer(),
      unrated: Type.Integer(),
      complete: Type.Boolean(),
    },
    { description: 'The checklist counted by rating' },
  ),
});

const Pipeline = Type.Object({
  form: Form,
  practices: Type.Array(MembershipCard, { description: 'Every practice, by name' }),
});

const ChecklistItem = Type.Object({
  item: Item,
  rating: Nullable(Rating),
  evidence: Type.String(),
  assessedBy: Nullable(Actor),
  assessedAt: Nullable(Type.String({ format: 'date-time' })),
});

const HistoryEntry = Type.Object({
  id: Type.Integer(),
  from: Nullable(Stage),
  to: Stage,
  on: IsoDate,
  decision: Nullable(Decision),
  signingDocument: Nullable(Document),
  listStaysWithOrganisation: Nullable(
    Type.Boolean({ description: 'Set on a move to left: whether the list stays with us' }),
  ),
  note: Nullable(Type.String()),
  changedBy: Nullable(Actor),
  recordedAt: Type.String({ format: 'date-time' }),
});

const Detail = Type.Object({
  practice: Type.Object({ id: Type.String(), odsCode: Type.String(), name: Type.String() }),
  stage: Stage,
  stageSince: IsoDate,
  nextStages: Type.Array(Stage, { description: 'The stages it may move to next' }),
  form: Form,
  signingDocument: Nullable(Document),
  decision: Nullable(Decision),
  listStaysWithOrganisation: Nullable(Type.Boolean()),
  checklistOpen: Type.Boolean({ description: 'Whether the checklist can still be rated' }),
  checklist: Type.Array(ChecklistItem, { description: 'All seven items, in checklist order' }),
  dueDiligence: Type.Object({
    counts: Type.Object({
      red: Type.Integer(),
      amber: Type.Integer(),
      green: Type.Integer(),
      unrated: Type.Integer(),
    }),
    unrated: Type.Array(Item),
    withoutEvidence: Type.Array(Item),
    complete: Type.Boolean(),
  }),
  history: Type.Array(HistoryEntry, { description: 'Stage changes, oldest first' }),
});

const PracticeParams = Type.Object({ practiceId: Type.String({ format: 'uuid' }) });

/** The membership pipeline (ORG-2): enquiries, due diligence, decisions, joining and leaving. */
export const membershipRoutes: RouteModule = (app, { db }) => {
  app.get(
    '/api/membership',
    {
      schema: {
        tags: ['membership'],
        summary: 'The membership pipeline: every practice with its stage and due diligence',
        response: { 200: Pipeline, 401: Problem, 403: Problem },
      },
    },
    async (request) => reposFor(request, db).membership.pipeline(),
  );

  app.post(
    '/api/membership/enquiries',
    {
      schema: {
        tags: ['membership'],
        summary: 'Record a practice’s enquiry about joining (audited)',
        description:
          'Adds the practice to the organisation at the enquiry stage. The ODS code must be a ' +
          'practice code (like A81001) not already in the organisation (409 if it is).',
        body: Type.Object(
          {
            odsCode: Type.String({ minLength: 1, maxLength: 20 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            on: Type.Optional(IsoDate),
          },
          { additionalProperties: false },
        ),
        response: { 201: Detail, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const detail = await inBody(() => reposFor(request, db).membership.enquire(request.body));
      return reply.code(201).send(detail);
    },
  );

  app.get(
    '/api/membership/:practiceId',
    {
      schema: {
        tags: ['membership'],
        summary: 'One practice’s membership: stage, checklist and history',
        params: PracticeParams,
        response: { 200: Detail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => reposFor(request, db).membership.detail(request.params.practiceId),
  );

  app.put(
    '/api/membership/:practiceId/due-diligence/:item',
    {
      schema: {
        tags: ['membership'],
        summary: 'Rate one due-diligence item with its evidence (audited)',
        description:
          'Only while the practice is at enquiry, due diligence or decision (409 otherwise). ' +
          'A null rating keeps the evidence without rating the item yet.',
        params: Type.Object({ practiceId: Type.String({ format: 'uuid' }), item: Item }),
        body: Type.Object(
          {
            rating: Nullable(Rating),
            evidence: Type.String({ maxLength: EVIDENCE_MAX_LENGTH }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: ChecklistItem,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      inBody(() =>
        reposFor(request, db).membership.rateItem(
          request.params.practiceId,
          // The schema's enum has checked it; the type provider cannot see through Type.Unsafe.
          request.params.item as DueDiligenceItemKind,
          { rating: request.body.rating as RagRating | null, evidence: request.body.evidence },
        ),
      ),
  );

  app.post(
    '/api/membership/:practiceId/stage-changes',
    {
      schema: {
        tags: ['membership'],
        summary: 'Move a practice to another membership stage (audited)',
        description:
          'The move must be one the lifecycle allows from the current stage, and the decision ' +
          'needs complete due diligence (409 otherwise). Leaving decision for signed or declined ' +
          'records who decided and why. Signing records the deed or MOU, and leaving where the ' +
          'list goes, from the form in force on the date.',
        params: PracticeParams,
        body: Type.Object(
          {
            to: Stage,
            on: Type.Optional(IsoDate),
            decision: Type.Optional(
              Type.Object(
                {
                  decidedBy: Type.String({ maxLength: 200 }),
                  reason: Type.String({ maxLength: 2000 }),
                },
                { additionalProperties: false },
              ),
            ),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: HistoryEntry,
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { to, ...move } = request.body;
      const change = await inBody(() =>
        reposFor(request, db).membership.move(
          request.params.practiceId,
          // The schema's enum has checked it; the type provider cannot see through Type.Unsafe.
          to as MembershipStage,
          move,
        ),
      );
      return reply.code(201).send(change);
    },
  );
};
