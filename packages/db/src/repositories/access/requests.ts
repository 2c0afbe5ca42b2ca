import {
  AtscaleError,
  canAt,
  dueBy,
  foldName,
  forbidden,
  grantingRole,
  isOverdue,
  matchPatient,
  nhsNumberProblem,
  normaliseNhsNumber,
  notFound,
  redFlagAdvice,
  reachOf,
  routeRequest,
  type AdminRequestType,
  type DeliveryChannel,
  type Permission,
  type PatientIdentity,
  type Principal,
  type RedFlagAdvice,
  type RedFlagId,
  type RequestChannel,
  type RequestKind,
  type RequestRouting,
  type RequestStatus,
  type TriageOutcome,
  type Urgency,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit, type AuditEntry } from '../audit.js';

/** Someone who did something to a request. */
export interface RequestActor {
  readonly id: string;
  readonly displayName: string;
}

/** A request with the patient it is for: patient data, so every read of one is audited. */
export interface PatientRequest {
  readonly id: string;
  /** A short reference the patient and the practice can quote to each other. */
  readonly reference: string;
  readonly practiceId: string;
  readonly practiceName: string;
  /** The call centre it was routed to; null when it is in its practice's own queue. */
  readonly triageTeamId: string | null;
  readonly triageTeamName: string | null;
  readonly patient: {
    readonly id: string;
    readonly nhsNumber: string;
    readonly givenName: string;
    readonly familyName: string;
    readonly dateOfBirth: string;
  };
  readonly channel: RequestChannel;
  readonly kind: RequestKind;
  readonly adminType: AdminRequestType | null;
  readonly description: string;
  readonly preferredChannel: DeliveryChannel | null;
  readonly status: RequestStatus;
  readonly urgency: Urgency | null;
  readonly outcome: TriageOutcome | null;
  readonly specialistService: string | null;
  readonly triageNote: string | null;
  readonly receivedAt: string;
  readonly recordedBy: RequestActor | null;
  readonly claimedBy: RequestActor | null;
  readonly claimedAt: string | null;
  readonly triagedBy: RequestActor | null;
  readonly triagedAt: string | null;
  readonly closedAt: string | null;
  /** When it should have been dealt with, by its urgency (same day while unassessed). */
  readonly dueBy: string;
  /** Not yet triaged and past `dueBy`. */
  readonly overdue: boolean;
}

/** A request a navigator records for a patient who called or came to the desk. */
export interface NewRequest {
  readonly patientId: string;
  readonly channel: Extract<RequestChannel, 'phone' | 'walk-in'>;
  readonly kind: RequestKind;
  readonly adminType?: AdminRequestType | null | undefined;
  readonly description: string;
  readonly preferredChannel?: DeliveryChannel | null | undefined;
}

/** The longest description a request keeps. */
export const REQUEST_DESCRIPTION_MAX_LENGTH = 4000;

/** The short reference of a request: the first eight characters of its id, in capitals. */
export const requestReference = (id: string): string => id.slice(0, 8).toUpperCase();

const iso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
const isoOrNull = (value: unknown): string | null => (value == null ? null : iso(value));

/** The columns every request read selects, aliased `r`, with its practice, team and people. */
export const REQUEST_SELECT = `select r.id, r.org_id as "orgId", r.practice_id as "practiceId",
    pr.name as "practiceName", r.triage_team_id as "triageTeamId", tt.name as "triageTeamName",
    p.id as "patientId", p.nhs_number as "nhsNumber", p.given_name as "givenName",
    p.family_name as "familyName", p.date_of_birth::text as "dateOfBirth",
    r.channel, r.kind, r.admin_type as "adminType", r.description,
    r.preferred_channel as "preferredChannel", r.status, r.urgency, r.outcome,
    r.specialist_service as "specialistService", r.triage_note as "triageNote",
    r.received_at as "receivedAt", r.recorded_by as "recordedById",
    ru.display_name as "recordedByName", r.claimed_by as "claimedById",
    cu.display_name as "claimedByName", r.claimed_at as "claimedAt",
    r.triaged_by as "triagedById", tu.display_name as "triagedByName",
    r.triaged_at as "triagedAt", r.closed_at as "closedAt"
  from patient_request r
  join practice pr on pr.org_id = r.org_id and pr.id = r.practice_id
  join patient p on p.org_id = r.org_id and p.id = r.patient_id
  left join triage_team tt on tt.org_id = r.org_id and tt.id = r.triage_team_id
  left join app_user ru on ru.org_id = r.org_id and ru.id = r.recorded_by
  left join app_user cu on cu.org_id = r.org_id and cu.id = r.claimed_by
  left join app_user tu on tu.org_id = r.org_id and tu.id = r.triaged_by`;

/** A request row as {@link REQUEST_SELECT} returns it. */
export interface RequestRow {
  id: string;
  orgId: string;
  practiceId: string;
  practiceName: string;
  triageTeamId: string | null;
  triageTeamName: string | null;
  patientId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  channel: RequestChannel;
  kind: RequestKind;
  adminType: AdminRequestType | null;
  description: string;
  preferredChannel: DeliveryChannel | null;
  status: RequestStatus;
  urgency: Urgency | null;
  outcome: TriageOutcome | null;
  specialistService: string | null;
  triageNote: string | null;
  receivedAt: Date | string;
  recordedById: string | null;
  recordedByName: string | null;
  claimedById: string | null;
  claimedByName: string | null;
  claimedAt: Date | string | null;
  triagedById: string | null;
  triagedByName: string | null;
  triagedAt: Date | string | null;
  closedAt: Date | string | null;
}

const actor = (id: string | null, name: string | null): RequestActor | null =>
  id === null ? null : { id, displayName: name ?? 'Unknown' };

/** Maps a stored request to its API shape, with its due time and overdue flag as of `now`. */
export function toPatientRequest(row: RequestRow, now: string): PatientRequest {
  const receivedAt = iso(row.receivedAt);
  return {
    id: row.id,
    reference: requestReference(row.id),
    practiceId: row.practiceId,
    practiceName: row.practiceName,
    triageTeamId: row.triageTeamId,
    triageTeamName: row.triageTeamName,
    patient: {
      id: row.patientId,
      nhsNumber: row.nhsNumber,
      givenName: row.givenName,
      familyName: row.familyName,
      dateOfBirth: row.dateOfBirth,
    },
    channel: row.channel,
    kind: row.kind,
    adminType: row.adminType,
    description: row.description,
    preferredChannel: row.preferredChannel,
    status: row.status,
    urgency: row.urgency,
    outcome: row.outcome,
    specialistService: row.specialistService,
    triageNote: row.triageNote,
    receivedAt,
    recordedBy: actor(row.recordedById, row.recordedByName),
    claimedBy: actor(row.claimedById, row.claimedByName),
    claimedAt: isoOrNull(row.claimedAt),
    triagedBy: actor(row.triagedById, row.triagedByName),
    triagedAt: isoOrNull(row.triagedAt),
    closedAt: isoOrNull(row.closedAt),
    dueBy: dueBy(receivedAt, row.urgency),
    overdue: isOverdue({ id: row.id, status: row.status, urgency: row.urgency, receivedAt }, now),
  };
}

/** An audit entry for something done to (or read of) a request, under `permission`'s role. */
export function requestAudit(
  scope: Scope,
  permission: Permission,
  request: { readonly id: string; readonly practiceId: string; readonly patientId: string },
  action: string,
  reason: string | null = null,
): AuditEntry {
  const { principal, requestId } = scope;
  return {
    orgId: principal.orgId,
    userId: principal.userId,
    role: grantingRole(principal, permission, {
      orgId: principal.orgId,
      practiceId: request.practiceId,
    }),
    action,
    entityType: 'patient_request',
    entityId: request.id,
    patientId: request.patientId,
    reason,
    requestId,
  };
}

/**
 * The practices a permission reaches, as two SQL parameters: whether it reaches the whole
 * organisation, and the practice ids otherwise. Throws 403 when it reaches nothing.
 */
export function reachParams(principal: Principal, permission: Permission, what: string) {
  const reach = reachOf(principal, permission);
  if (reach.kind === 'none') throw forbidden(what);
  return {
    wide: reach.kind === 'organisation',
    practiceIds: reach.kind === 'practices' ? [...reach.practiceIds] : [],
  };
}

/** Reads one request of the caller's organisation, or undefined. No access check, no audit. */
export async function loadRequest(
  q: Queryable,
  orgId: string,
  id: string,
): Promise<RequestRow | undefined> {
  const { rows } = await q.query<RequestRow>(
    `${REQUEST_SELECT} where r.org_id = $1 and r.id = $2`,
    [orgId, id],
  );
  return rows[0];
}

/** What routing a request needs: the organisation's setting, the practice's region, the centres. */
interface RoutingRow {
  routing: RequestRouting;
  region: string | null;
  centres: { id: string; name: string; region: string | null }[];
}

/** The SQL of a {@link RoutingRow}'s columns, for the organisation `$1` and a practice `pr`. */
const ROUTING_COLUMNS = `coalesce((select request_routing from organisation_settings where org_id = $1),
                     'practice') as routing,
            pr.region,
            coalesce((select json_agg(json_build_object('id', id, 'name', name, 'region', region))
                        from triage_team where org_id = $1), '[]'::json) as centres`;

/** The call centre a request of `practiceId` goes to by routeRequest, or null for its practice. */
function destinationOf(row: RoutingRow, practiceId: string) {
  const destination = routeRequest({
    routing: row.routing,
    practiceId,
    practiceRegion: row.region,
    callCentres: row.centres,
  });
  if (destination.kind !== 'call-centre') return null;
  const id = destination.triageTeamId;
  return { id, name: row.centres.find((c) => c.id === id)?.name ?? null };
}

/**
 * Where a new request for a patient of `practiceId` goes: the organisation's routing setting
 * (practice by default) and call centres, through the domain's routeRequest.
 */
export async function destinationFor(
  q: Queryable,
  orgId: string,
  practiceId: string,
): Promise<string | null> {
  const { rows } = await q.query<RoutingRow>(
    `select ${ROUTING_COLUMNS} from practice pr where pr.org_id = $1 and pr.id = $2`,
    [orgId, practiceId],
  );
  const row = rows[0];
  return row ? (destinationOf(row, practiceId)?.id ?? null) : null;
}

/** A patient to record a request for, with their practice and how its requests are routed. */
interface RecordTarget extends RoutingRow {
  practiceId: string;
  practiceName: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

/** One read before recording: the patient, their practice, and the organisation's routing. */
const RECORD_TARGET_SELECT = `select p.practice_id as "practiceId", pr.name as "practiceName",
    p.nhs_number as "nhsNumber", p.given_name as "givenName", p.family_name as "familyName",
    p.date_of_birth::text as "dateOfBirth", ${ROUTING_COLUMNS}
  from patient p
  join practice pr on pr.org_id = p.org_id and pr.id = p.practice_id
  where p.org_id = $1 and p.id = $2`;

/**
 * One statement records a request: the row, its audit row (one commit for both, as a
 * transaction would give), and the columns the answer needs that only the insert knows.
 * $1-$10 are the request's columns; $11-$13 the audit's role, reason and request id.
 */
export const RECORD_REQUEST_STATEMENT = `with created as (
    insert into patient_request (org_id, practice_id, patient_id, triage_team_id, channel, kind,
      admin_type, description, preferred_channel, recorded_by)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    returning *
  ), audited as (
    insert into audit_event
      (org_id, user_id, role, action, entity_type, entity_id, patient_id, reason, request_id)
    select c.org_id, c.recorded_by, $11, 'request.create', 'patient_request', c.id, c.patient_id,
           $12, $13
      from created c
  )
  select c.id, c.channel, c.kind, c.admin_type as "adminType", c.description,
         c.preferred_channel as "preferredChannel", c.status, c.urgency, c.outcome,
         c.specialist_service as "specialistService", c.triage_note as "triageNote",
         c.received_at as "receivedAt", u.display_name as "recordedByName"
    from created c
    left join app_user u on u.org_id = c.org_id and u.id = c.recorded_by`;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', message, [{ field, message }]);

/** What is wrong with a request's kind, admin type and description, field by field. */
function requestProblems(input: {
  readonly kind: RequestKind;
  readonly adminType?: AdminRequestType | null | undefined;
  readonly description: string;
}): AtscaleError | null {
  const errors: { field: string; message: string }[] = [];
  if (input.kind === 'admin' && !input.adminType) {
    errors.push({ field: '/adminType', message: 'Choose what kind of admin request it is' });
  }
  if (input.kind === 'clinical' && input.adminType) {
    errors.push({ field: '/adminType', message: 'A clinical request has no admin type' });
  }
  if (!input.description.trim()) {
    errors.push({ field: '/description', message: 'Enter what the request is about' });
  }
  if (errors.length === 0) return null;
  return new AtscaleError('validation-failed', errors.map((e) => e.message).join('; '), errors);
}

/**
 * Requests for one caller (ACC-1): recording a phone or walk-in request for a patient of a
 * practice they reach with `request:record`, and reading one. Every read and write writes an
 * audit row in the same transaction; a request of a practice the caller does not reach is "not
 * found", like its patient.
 */
export function requestRepository(db: Database, scope: Scope) {
  const { principal } = scope;

  return {
    /** Records a request for a patient (phone or walk-in), routed by the organisation's setting. */
    async record(input: NewRequest): Promise<PatientRequest> {
      reachParams(principal, 'request:record', 'record requests');
      const problem = requestProblems(input);
      if (problem) throw problem;
      // Two round trips and no transaction: a read, then one statement that writes the request
      // and its audit row together (the same guarantees as the transaction, under read
      // committed, without holding a connection or PGlite's only one between them).
      const { rows } = await db.query<RecordTarget>(RECORD_TARGET_SELECT, [
        principal.orgId,
        input.patientId,
      ]);
      const patient = rows[0];
      if (!patient) throw notFound('The patient');
      const target = { id: input.patientId, practiceId: patient.practiceId };
      if (!canAt(principal, 'request:record', { orgId: principal.orgId, ...target })) {
        // The refusal's audit row is committed before the caller hears "not found".
        await writeAudit(db, [
          requestAudit(
            scope,
            'request:record',
            { ...target, patientId: input.patientId },
            'request.record-refused',
          ),
        ]);
        throw notFound('The patient');
      }
      const team = destinationOf(patient, patient.practiceId);
      const audit = requestAudit(
        scope,
        'request:record',
        { id: '', practiceId: patient.practiceId, patientId: input.patientId },
        'request.create',
        `${input.channel} request`,
      );
      const { rows: created } = await db.query<
        Pick<
          RequestRow,
          | 'id'
          | 'channel'
          | 'kind'
          | 'adminType'
          | 'description'
          | 'preferredChannel'
          | 'status'
          | 'urgency'
          | 'outcome'
          | 'specialistService'
          | 'triageNote'
          | 'receivedAt'
          | 'recordedByName'
        >
      >(RECORD_REQUEST_STATEMENT, [
        principal.orgId,
        patient.practiceId,
        input.patientId,
        team?.id ?? null,
        input.channel,
        input.kind,
        input.kind === 'admin' ? (input.adminType ?? null) : null,
        input.description.trim(),
        input.preferredChannel ?? null,
        principal.userId,
        audit.role,
        audit.reason,
        audit.requestId,
      ]);
      const row = created[0];
      if (!row) throw new Error('the recorded request was not returned');
      // Every field named rather than `...row` and more: adding fields to a spread copy of the
      // driver's row cost about 50 µs a request, a twentieth of the route.
      return toPatientRequest(
        {
          id: row.id,
          channel: row.channel,
          kind: row.kind,
          adminType: row.adminType,
          description: row.description,
          preferredChannel: row.preferredChannel,
          status: row.status,
          urgency: row.urgency,
          outcome: row.outcome,
          specialistService: row.specialistService,
          triageNote: row.triageNote,
          receivedAt: row.receivedAt,
          recordedByName: row.recordedByName,
          orgId: principal.orgId,
          practiceId: patient.practiceId,
          practiceName: patient.practiceName,
          triageTeamId: team?.id ?? null,
          triageTeamName: team?.name ?? null,
          patientId: input.patientId,
          nhsNumber: patient.nhsNumber,
          givenName: patient.givenName,
          familyName: patient.familyName,
          dateOfBirth: patient.dateOfBirth,
          recordedById: principal.userId,
          claimedById: null,
          claimedByName: null,
          claimedAt: null,
          triagedById: null,
          triagedByName: null,
          triagedAt: null,
          closedAt: null,
        },
        new Date().toISOString(),
      );
    },

    /**
     * One request, audited as `request.read`. The caller needs `triage:read` or
     * `request:record` at its practice; otherwise it is "not found".
     */
    async get(id: string): Promise<PatientRequest> {
      if (reachOf(principal, 'triage:read').kind === 'none') {
        reachParams(principal, 'request:record', 'read requests');
      }
      return db.transaction(async (tx) => {
        const row = await loadRequest(tx, principal.orgId, id);
        const target = { orgId: principal.orgId, practiceId: row?.practiceId ?? null };
        const permission: Permission = canAt(principal, 'triage:read', target)
          ? 'triage:read'
          : 'request:record';
        if (!row || !canAt(principal, permission, target)) throw notFound('The request');
        await writeAudit(tx, [requestAudit(scope, permission, row, 'request.read')]);
        return toPatientRequest(row, new Date().toISOString());
      });
    },
  };
}

/** A practice as the public online form shows it. */
export interface PublicPractice {
  readonly orgId: string;
  readonly practiceId: string;
  readonly odsCode: string;
  readonly name: string;
}

/** What the online form sends once no red flag was answered yes. */
export interface OnlineRequest {
  readonly identity: PatientIdentity;
  readonly kind: RequestKind;
  readonly adminType?: AdminRequestType | null | undefined;
  readonly description: string;
  readonly preferredChannel?: DeliveryChannel | null | undefined;
}

/** What the patient is told when their details match nobody, or more than one person. */
export const NO_MATCH_MESSAGE =
  'We could not match these details to a patient registered with this practice. ' +
  'Check them, or call your GP practice: they can take your request by phone.';

const normalisePostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

/**
 * The public online form's database work (ACC-1), for callers who are not signed in: no
 * principal, so it is deliberately unscoped and kept apart from the scoped repositories. It
 * finds the practice by its ODS code, keeps red-flag redirects without identity, and queues a
 * request only for a patient matched exactly on the register of the practice's organisation.
 */
export function unscopedPublicRequests(db: Database) {
  const practiceByOds = async (q: Queryable, odsCode: string): Promise<PublicPractice> => {
    // A practice accepts requests while it is a member (or joining, or leaving): not a prospect.
    const { rows } = await q.query<PublicPractice>(
      `select p.org_id as "orgId", p.id as "practiceId", p.ods_code as "odsCode", p.name
         from practice p
         left join membership m on m.practice_id = p.id
        where p.ods_code = $1 and coalesce(m.stage, 'member') in ('onboarding', 'member', 'leaving')
        order by p.created_at
        limit 2`,
      [odsCode.toUpperCase()],
    );
    // The same code in two organisations' databases cannot say whose form this is.
    if (rows.length !== 1 || !rows[0]) throw notFound(`A practice with the code ${odsCode}`);
    return rows[0];
  };

  return {
    /** The practice with this ODS code that takes online requests; 404 when there is none. */
    practice(odsCode: string): Promise<PublicPractice> {
      return practiceByOds(db, odsCode);
    },

    /**
     * Keeps a red-flag redirect (which flags, which advice, when; never who) and returns the
     * advice; nothing is queued.
     */
    async redirect(odsCode: string, redFlags: readonly RedFlagId[]): Promise<RedFlagAdvice> {
      const advice = redFlagAdvice(redFlags);
      if (advice === null) throw invalid('/redFlags', 'No red flag was answered yes');
      const practice = await practiceByOds(db, odsCode);
      await db.query(
        `insert into red_flag_redirect (org_id, practice_id, red_flags, advice)
         values ($1, $2, $3::text[], $4)`,
        [practice.orgId, practice.practiceId, [...new Set(redFlags)], advice],
      );
      return advice;
    },

    /**
     * Queues an online request for the one patient the identity matches on the register of the
     * practice's organisation; the request goes to the patient's own practice. No match, or
     * more than one, is refused with the same words, so that the answer never says whether
     * someone is registered. The write is audited with no user.
     */
    async submit(
      odsCode: string,
      input: OnlineRequest,
      requestId: string | null = null,
    ): Promise<{ readonly reference: string; readonly practiceName: string }> {
      const problem = requestProblems(input);
      if (problem) throw problem;
      const { identity } = input;
      if ('nhsNumber' in identity) {
        const nhsProblem = nhsNumberProblem(identity.nhsNumber);
        if (nhsProblem) throw invalid('/identity/nhsNumber', nhsProblem);
      }
      // Three round trips and no transaction: the practice, the match (with the patient's
      // practice and routing), then one statement that writes the request and its audit row.
      const practice = await practiceByOds(db, odsCode);
      const byNumber = 'nhsNumber' in identity;
      const { rows } = await db.query<
        RoutingRow & {
          id: string;
          practiceId: string;
          practiceName: string;
          givenName: string;
          familyName: string;
        }
      >(
        `select p.id, p.practice_id as "practiceId", pr.name as "practiceName",
                p.given_name as "givenName", p.family_name as "familyName", ${ROUTING_COLUMNS}
           from patient p
           join practice pr on pr.org_id = p.org_id and pr.id = p.practice_id
          where p.org_id = $1 and p.date_of_birth = $2::date
            and (p.deregistered_on is null or p.deregistered_on > current_date)
            and ${byNumber ? 'p.nhs_number = $3' : "upper(replace(p.postcode, ' ', '')) = $3"}
          limit 20`,
        [
          practice.orgId,
          identity.dateOfBirth,
          byNumber ? normaliseNhsNumber(identity.nhsNumber) : normalisePostcode(identity.postcode),
        ],
      );
      const candidates = byNumber
        ? rows
        : rows.filter(
            (p) =>
              foldName(p.givenName) === foldName(identity.givenName) &&
              foldName(p.familyName) === foldName(identity.familyName),
          );
      const match = matchPatient(candidates);
      if (!('patient' in match)) {
        // No field is named: the details as a whole did not match, and which one is wrong
        // would tell a stranger something about the register.
        throw new AtscaleError('validation-failed', NO_MATCH_MESSAGE);
      }
      const patient = match.patient;
      // The audit row has no user: the patient sent it.
      const { rows: created } = await db.query<{ id: string }>(RECORD_REQUEST_STATEMENT, [
        practice.orgId,
        patient.practiceId,
        patient.id,
        destinationOf(patient, patient.practiceId)?.id ?? null,
        'online',
        input.kind,
        input.kind === 'admin' ? (input.adminType ?? null) : null,
        input.description.trim(),
        input.preferredChannel ?? null,
        null,
        null,
        `online request via ${practice.odsCode}`,
        requestId,
      ]);
      const id = created[0]?.id;
      if (!id) throw new Error('the online request was not returned');
      return { reference: requestReference(id), practiceName: patient.practiceName };
    },
  };
}
