import { Type, type TSchema } from '@sinclair/typebox';
import type { ElectionResults } from '@atscale/db';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { Problem, PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ format: 'uuid' });
const Status = Type.Union([
  Type.Literal('nominations'),
  Type.Literal('voting'),
  Type.Literal('closed'),
  Type.Literal('counted'),
  Type.Literal('published'),
]);
const Votes = Type.Integer({ description: 'Votes in hundred-thousandths (five decimal places)' });
const VotesBy = Type.Record(Type.String(), Type.Integer(), {
  description: 'Votes by candidate id, in hundred-thousandths of a vote',
});

const ElectionSummary = Type.Object({
  id: Id,
  title: Type.String(),
  seats: Type.Integer(),
  status: Status,
  createdAt: Type.String({ format: 'date-time' }),
  candidates: Type.Integer({ description: 'Candidates standing (not withdrawn)' }),
  eligible: Nullable(
    Type.Integer({ description: 'Partners on the register of voters; null before voting opens' }),
  ),
  ballots: Type.Integer(),
});

const Candidate = Type.Object({
  id: Id,
  userId: Id,
  name: Type.String(),
  statement: Type.String(),
  nominatedBySelf: Type.Boolean(),
  withdrawn: Type.Boolean(),
});

const ElectionDetail = Type.Composite([
  ElectionSummary,
  Type.Object({
    candidateList: Type.Array(Candidate),
    me: Type.Object({
      eligible: Type.Boolean(),
      hasVoted: Type.Boolean(),
      candidateId: Nullable(Id),
      canManage: Type.Boolean(),
    }),
  }),
]);

const Stage = Type.Object({
  stage: Type.Integer(),
  action: Type.Union([
    Type.Literal('first-preferences'),
    Type.Literal('surplus'),
    Type.Literal('exclusion'),
  ]),
  candidateId: Nullable(Type.String()),
  surplus: Votes,
  transferValues: Type.Array(Votes),
  transfers: VotesBy,
  nonTransferable: Votes,
  remainderIgnored: Votes,
  votes: VotesBy,
  nonTransferableTotal: Votes,
  remainderIgnoredTotal: Votes,
  elected: Type.Array(Type.String()),
  tieBreak: Nullable(
    Type.Object({
      rule: Type.String(),
      tied: Type.Array(Type.String()),
      chosen: Type.String(),
      decidedAtStage: Nullable(Type.Integer()),
    }),
  ),
});

const Results = Type.Object({
  electionId: Id,
  title: Type.String(),
  status: Status,
  candidates: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  eligible: Type.Integer(),
  ballots: Type.Integer(),
  countSheet: Type.Object({
    rules: Type.String(),
    seats: Type.Integer(),
    candidates: Type.Array(Type.String()),
    withdrawn: Type.Array(Type.String()),
    validBallots: Type.Integer(),
    emptyBallots: Type.Integer(),
    quota: Type.Integer({ description: 'Whole votes (rule 46)' }),
    stages: Type.Array(Stage),
    elected: Type.Array(Type.String()),
    electedWithoutQuota: Type.Array(Type.String()),
    excluded: Type.Array(Type.String()),
    unfilledSeats: Type.Integer(),
    seed: Type.String({ description: 'Seed of any drawing of lots, to replay the count' }),
  }),
});

/** The results as the response schema types them: the domain's readonly lists copied. */
const resultsBody = (r: ElectionResults) => ({
  ...r,
  candidates: [...r.candidates],
  countSheet: {
    ...r.countSheet,
    candidates: [...r.countSheet.candidates],
    withdrawn: [...r.countSheet.withdrawn],
    elected: [...r.countSheet.elected],
    electedWithoutQuota: [...r.countSheet.electedWithoutQuota],
    excluded: [...r.countSheet.excluded],
    stages: r.countSheet.stages.map((s) => ({
      ...s,
      transferValues: [...s.transferValues],
      elected: [...s.elected],
      tieBreak: s.tieBreak ? { ...s.tieBreak, tied: [...s.tieBreak.tied] } : null,
    })),
  },
});

const ElectionParams = Type.Object({ electionId: Id });
const CandidateParams = Type.Object({ electionId: Id, candidateId: Id });
const errors = PROBLEM_RESPONSES;
const TAGS = ['governance'];

/**
 * Board elections (GOV-4): nominations with statements, a secret ballot with receipt codes,
 * the STV count by the Scottish rules and its published count sheet. Everyone in the
 * organisation reads; partners of member practices stand and vote; governance and
 * organisation administrators run elections. Every write is audited.
 */
export const electionRoutes: RouteModule = (app, { db }) => {
  const elections = (request: Parameters<typeof reposFor>[0]) => reposFor(request, db).elections;

  app.get(
    '/api/elections',
    {
      schema: {
        tags: TAGS,
        summary: 'Every board election of the organisation, newest first',
        response: { 200: Type.Array(ElectionSummary), 401: Problem, 403: Problem },
      },
    },
    async (request) => elections(request).list(),
  );

  app.get(
    '/api/elections/eligible-partners',
    {
      schema: {
        tags: TAGS,
        summary: 'The partners of member practices, who may stand and vote',
        response: {
          200: Type.Array(Type.Object({ userId: Id, name: Type.String() })),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => elections(request).eligiblePartners(),
  );

  app.post(
    '/api/elections',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an election, open for nominations (governance or org-admin; audited)',
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 200 }),
            seats: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 50,
                description: 'Seats to fill; 7 if left out',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ElectionSummary, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inBody(() => elections(request).create(request.body))),
  );

  app.get(
    '/api/elections/:electionId',
    {
      schema: {
        tags: TAGS,
        summary: 'An election with its candidates and what the caller may do in it',
        params: ElectionParams,
        response: { 200: ElectionDetail, ...errors },
      },
    },
    async (request) => elections(request).get(request.params.electionId),
  );

  app.post(
    '/api/elections/:electionId/candidates',
    {
      schema: {
        tags: TAGS,
        summary: 'Nominate a partner (yourself if userId is left out) with a statement (audited)',
        params: ElectionParams,
        body: Type.Object(
          {
            statement: Type.String({ minLength: 1, maxLength: 4000 }),
            userId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 201: Candidate, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() => elections(request).nominate(request.params.electionId, request.body)),
        ),
  );

  app.post(
    '/api/elections/:electionId/candidates/:candidateId/withdrawal',
    {
      schema: {
        tags: TAGS,
        summary: 'Withdraw a candidacy before voting opens: the candidate or a manager (audited)',
        params: CandidateParams,
        response: { 200: Candidate, ...errors },
      },
    },
    async (request) =>
      elections(request).withdraw(request.params.electionId, request.params.candidateId),
  );

  const transition = (
    path: string,
    summary: string,
    act: (repo: ReturnType<typeof elections>, id: string) => Promise<unknown>,
    response: TSchema,
  ) =>
    app.post(
      `/api/elections/:electionId/${path}`,
      {
        schema: {
          tags: TAGS,
          summary,
          params: ElectionParams,
          response: { 200: response, ...errors },
        },
      },
      async (request) => act(elections(request), request.params.electionId),
    );

  transition(
    'open-voting',
    'Open voting: takes the register of voters and fixes the seed of any lots (audited)',
    (repo, id) => repo.openVoting(id),
    ElectionSummary,
  );
  transition(
    'close-voting',
    'Close voting (audited)',
    (repo, id) => repo.closeVoting(id),
    ElectionSummary,
  );
  transition(
    'count',
    'Count the ballots by STV (Scottish rules) and store the count sheet (audited)',
    async (repo, id) => resultsBody(await repo.count(id)),
    Results,
  );
  transition(
    'publish',
    'Publish the results and count sheet to the organisation (audited)',
    async (repo, id) => resultsBody(await repo.publish(id)),
    Results,
  );

  app.post(
    '/api/elections/:electionId/ballots',
    {
      schema: {
        tags: TAGS,
        summary: 'Cast your ballot: candidates in order of preference (audited that you voted)',
        description:
          'The ballot is stored with no link to you and no time; you are marked as voted in the ' +
          'same transaction, once. The receipt code is shown only in this answer: keep it to ' +
          'check later that your ballot was counted.',
        params: ElectionParams,
        body: Type.Object(
          {
            preferences: Type.Array(Id, {
              minItems: 1,
              maxItems: 200,
              description: 'Candidate ids, first preference first',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ receipt: Type.String() }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await inBody(() =>
            elections(request).cast(request.params.electionId, request.body.preferences),
          ),
        ),
  );

  app.post(
    '/api/elections/:electionId/receipt-checks',
    {
      schema: {
        tags: TAGS,
        summary: 'Check that a ballot with this receipt code is in the box, and counted',
        params: ElectionParams,
        body: Type.Object(
          { receipt: Type.String({ minLength: 4, maxLength: 40 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ found: Type.Boolean(), counted: Type.Boolean() }),
          ...errors,
        },
      },
    },
    async (request) =>
      elections(request).verifyReceipt(request.params.electionId, request.body.receipt),
  );

  app.get(
    '/api/elections/:electionId/results',
    {
      schema: {
        tags: TAGS,
        summary: 'The count sheet: quota, each stage’s transfers, elected, and turnout',
        params: ElectionParams,
        response: { 200: Results, ...errors },
      },
    },
    async (request) => resultsBody(await elections(request).results(request.params.electionId)),
  );

  app.get(
    '/api/elections/:electionId/voters',
    {
      schema: {
        tags: TAGS,
        summary: 'The register of voters: who has voted, never how (managers only)',
        params: ElectionParams,
        response: {
          200: Type.Array(
            Type.Object({ userId: Id, name: Type.String(), hasVoted: Type.Boolean() }),
          ),
          ...errors,
        },
      },
    },
    async (request) => elections(request).voters(request.params.electionId),
  );
};
