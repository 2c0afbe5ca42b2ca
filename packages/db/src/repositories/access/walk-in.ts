import {
  AtscaleError,
  canAt,
  estimatedWaitMinutes,
  forbidden,
  grantingRole,
  notFound,
  reachOf,
  walkInPace,
  type IsoDate,
  type Permission,
  type Principal,
} from '@atscale/domain';
import type { Database, Queryable } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit, type AuditEntry } from '../audit.js';
import { todayInEngland } from '../organisation-today.js';
import { sqlState, UNIQUE_VIOLATION } from '../../sql-errors.js';

/** A walk-in queue at a site (ACC-6). */
export interface WalkInQueue {
  readonly id: string;
  readonly siteId: string;
  readonly siteName: string;
  /** The practice whose site it is; null at the organisation's own site. */
  readonly practiceId: string | null;
  readonly service: string;
  readonly name: string;
  readonly minutesPerPatient: number;
  readonly open: boolean;
}

/** What a queue is made or changed with. */
export interface WalkInQueueInput {
  readonly siteId: string;
  readonly service: string;
  readonly name: string;
  readonly minutesPerPatient: number;
  readonly open: boolean;
}

/** A ticket as staff see it: its number and where it is, never who holds it. */
export interface WalkInTicket {
  readonly id: string;
  readonly number: number;
  readonly status: 'waiting' | 'called' | 'done' | 'left';
  readonly issuedAt: string;
  readonly calledAt: string | null;
}

/** A waiting ticket with its place in the queue and estimated wait. */
export interface WaitingTicket extends WalkInTicket {
  readonly position: number;
  readonly estimatedWaitMinutes: number;
}

/** A queue today, for the staff screen. */
export interface LiveQueue {
  readonly queue: WalkInQueue;
  readonly date: IsoDate;
  readonly waiting: WaitingTicket[];
  readonly waitingCount: number;
  /** Called and not yet done, most recent first. */
  readonly called: WalkInTicket[];
  /** Minutes per patient used for the estimates: today's pace or the queue's setting. */
  readonly paceMinutes: number;
  /** Estimated wait for someone arriving now. */
  readonly newArrivalWaitMinutes: number;
  readonly seenToday: number;
}

/** A queue on the public display: ticket numbers only. */
export interface WalkInDisplay {
  readonly queueName: string;
  readonly siteName: string;
  readonly open: boolean;
  readonly date: IsoDate;
  /** Most recently called first, up to five. */
  readonly calling: number[];
  readonly waiting: number[];
  readonly waitingCount: number;
  readonly newArrivalWaitMinutes: number;
}

const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const QUEUE_COLUMNS = `q.id, q.site_id as "siteId", s.name as "siteName",
  s.practice_id as "practiceId", q.service, q.name,
  q.minutes_per_patient as "minutesPerPatient", q.open`;

const TICKET_COLUMNS = `t.id, t.number, t.status, ${iso('t.issued_at')} as "issuedAt",
  ${iso('t.called_at')} as "calledAt"`;

const NAME_MAX = 100;

const invalid = (field: string, message: string) =>
  new AtscaleError('validation-failed', `${field}: ${message}`, [{ field, message }]);

async function loadQueue(q: Queryable, orgId: string, queueId: string, lock = false) {
  const { rows } = await q.query<WalkInQueue>(
    `select ${QUEUE_COLUMNS} from walk_in_queue q
       join site s on s.org_id = q.org_id and s.id = q.site_id
      where q.org_id = $1 and q.id = $2 ${lock ? 'for update of q' : ''}`,
    [orgId, queueId],
  );
  return rows[0] ?? null;
}

/** The day's figures every view of a queue needs. */
async function queueToday(q: Queryable, queue: WalkInQueue, orgId: string, date: IsoDate) {
  const { rows: tickets } = await q.query<WalkInTicket>(
    `select ${TICKET_COLUMNS} from walk_in_ticket t
      where t.org_id = $1 and t.queue_id = $2 and t.issued_on = $3
      order by t.number`,
    [orgId, queue.id, date],
  );
  const { rows: recent } = await q.query<{ minutes: number }>(
    `select extract(epoch from (done_at - called_at))::float8 / 60 as minutes
       from walk_in_ticket
      where org_id = $1 and queue_id = $2 and issued_on = $3 and status = 'done'
        and called_at is not null and done_at is not null
      order by done_at desc limit 10`,
    [orgId, queue.id, date],
  );
  const pace = walkInPace(
    recent.map((r) => r.minutes),
    queue.minutesPerPatient,
  );
  const waiting = tickets.filter((t) => t.status === 'waiting');
  const wait = (ahead: number) =>
    estimatedWaitMinutes({
      waitingAhead: ahead,
      recentServiceMinutes: recent.map((r) => r.minutes),
      minutesPerPatient: queue.minutesPerPatient,
    });
  return {
    tickets,
    pace,
    waiting: waiting.map((t, i) => ({ ...t, position: i + 1, estimatedWaitMinutes: wait(i) })),
    called: tickets
      .filter((t) => t.status === 'called')
      .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? '') || b.number - a.number),
    newArrivalWaitMinutes: wait(waiting.length),
    seenToday: tickets.filter((t) => t.status === 'done').length,
  };
}

/**
 * FOR THE PUBLIC DISPLAY ONLY, with no caller: a queue's ticket numbers today. It names no
 * patient and carries no patient id, so the waiting room screen may show it without signing in.
 */
export async function unscopedWalkInDisplay(db: Database, queueId: string): Promise<WalkInDisplay> {
  const { rows } = await db.query<WalkInQueue & { orgId: string }>(
    `select ${QUEUE_COLUMNS}, q.org_id as "orgId" from walk_in_queue q
       join site s on s.org_id = q.org_id and s.id = q.site_id where q.id = $1`,
    [queueId],
  );
  const queue = rows[0];
  if (!queue) throw notFound('The walk-in queue');
  const date = todayInEngland();
  const today = await queueToday(db, queue, queue.orgId, date);
  return {
    queueName: queue.name,
    siteName: queue.siteName,
    open: queue.open,
    date,
    calling: today.called.slice(0, 5).map((t) => t.number),
    waiting: today.waiting.map((t) => t.number),
    waitingCount: today.waiting.length,
    newArrivalWaitMinutes: today.newArrivalWaitMinutes,
  };
}

/** True when the permission reaches a queue at a site of this practice (null: the organisation's). */
const reaches = (principal: Principal, permission: Permission, practiceId: string | null) =>
  canAt(principal, permission, { orgId: principal.orgId, practiceId });

/**
 * Walk-in queues (ACC-6): set up under `access:manage` at the site's practice (the
 * organisation's own sites need it across the organisation); run under `walk-in:run` there.
 * A ticket number is one more than the day's highest for the queue, taken with the queue's row
 * locked, so two tickets never share a number; calling the next ticket takes the lowest waiting
 * one with `for update skip locked`, so two staff pressing at once call two different tickets,
 * and never one twice. A ticket given a patient is audited with the patient.
 */
export function walkInRepository(db: Database, scope: Scope) {
  const { principal, requestId } = scope;
  const orgId = principal.orgId;

  const audit = (
    permission: Permission,
    practiceId: string | null,
    action: string,
    entityType: string,
    entityId: string,
    patientId: string | null = null,
  ): AuditEntry => ({
    orgId,
    userId: principal.userId,
    role: grantingRole(principal, permission, { orgId, practiceId }),
    action,
    entityType,
    entityId,
    patientId,
    reason: null,
    requestId,
  });

  /** A queue the caller may use with the permission: 404 when not the organisation's. */
  const queueFor = async (
    q: Queryable,
    queueId: string,
    permission: Permission,
    what: string,
    lock = false,
  ): Promise<WalkInQueue> => {
    const queue = await loadQueue(q, orgId, queueId, lock);
    if (!queue) throw notFound('The walk-in queue');
    if (!reaches(principal, permission, queue.practiceId)) throw forbidden(what);
    return queue;
  };

  const checkedInput = async (q: Queryable, input: WalkInQueueInput) => {
    const name = input.name.trim();
    if (name === '') throw invalid('/name', 'Enter the queue’s name');
    if (name.length > NAME_MAX) throw invalid('/name', `A name is at most ${NAME_MAX} characters`);
    const service = input.service.trim();
    if (service === '') throw invalid('/service', 'Enter the service, for example phlebotomy');
    if (
      !Number.isInteger(input.minutesPerPatient) ||
      input.minutesPerPatient < 1 ||
      input.minutesPerPatient > 120
    ) {
      throw invalid('/minutesPerPatient', 'Give whole minutes per patient, 1 to 120');
    }
    const { rows } = await q.query<{ practiceId: string | null }>(
      'select practice_id as "practiceId" from site where org_id = $1 and id = $2',
      [orgId, input.siteId],
    );
    const site = rows[0];
    if (!site) {
      throw new AtscaleError('not-found', 'The site was not found', [
        { field: '/siteId', message: 'is not a site of this organisation' },
      ]);
    }
    if (!reaches(principal, 'access:manage', site.practiceId)) {
      throw forbidden('set up walk-in queues at this site');
    }
    return { ...input, name, service, practiceId: site.practiceId };
  };

  const nameTaken = (error: unknown) =>
    sqlState(error) === UNIQUE_VIOLATION
      ? new AtscaleError('conflict', 'The site already has a queue with this name', [
          { field: '/name', message: 'is already used at this site' },
        ])
      : error;

  return {
    /** The queues at sites where the caller may run or set up walk-in clinics. */
    async list(): Promise<WalkInQueue[]> {
      const run = reachOf(principal, 'walk-in:run');
      const manage = reachOf(principal, 'access:manage');
      if (run.kind === 'none' && manage.kind === 'none') throw forbidden('see walk-in queues');
      const { rows } = await db.query<WalkInQueue>(
        `select ${QUEUE_COLUMNS} from walk_in_queue q
           join site s on s.org_id = q.org_id and s.id = q.site_id
          where q.org_id = $1 order by s.name, q.name`,
        [orgId],
      );
      return rows.filter(
        (q) =>
          reaches(principal, 'walk-in:run', q.practiceId) ||
          reaches(principal, 'access:manage', q.practiceId),
      );
    },

    /** A new queue at a site. */
    async create(input: WalkInQueueInput): Promise<WalkInQueue> {
      return db
        .transaction(async (tx) => {
          const q = await checkedInput(tx, input);
          const { rows } = await tx.query<{ id: string }>(
            `insert into walk_in_queue (org_id, site_id, service, name, minutes_per_patient, open)
             values ($1, $2, $3, $4, $5, $6) returning id`,
            [orgId, q.siteId, q.service, q.name, q.minutesPerPatient, q.open],
          );
          const id = rows[0]?.id ?? '';
          await writeAudit(tx, [
            audit('access:manage', q.practiceId, 'walk-in-queue.create', 'walk-in-queue', id),
          ]);
          return (await loadQueue(tx, orgId, id)) as WalkInQueue;
        })
        .catch((error: unknown) => {
          throw nameTaken(error);
        });
    },

    /** Changes a queue: its site, service, name, pace or whether it is open. */
    async update(queueId: string, input: WalkInQueueInput): Promise<WalkInQueue> {
      return db
        .transaction(async (tx) => {
          await queueFor(tx, queueId, 'access:manage', 'change this walk-in queue', true);
          const q = await checkedInput(tx, input);
          await tx.query(
            `update walk_in_queue set site_id = $3, service = $4, name = $5,
                    minutes_per_patient = $6, open = $7
              where org_id = $1 and id = $2`,
            [orgId, queueId, q.siteId, q.service, q.name, q.minutesPerPatient, q.open],
          );
          await writeAudit(tx, [
            audit('access:manage', q.practiceId, 'walk-in-queue.update', 'walk-in-queue', queueId),
          ]);
          return (await loadQueue(tx, orgId, queueId)) as WalkInQueue;
        })
        .catch((error: unknown) => {
          throw nameTaken(error);
        });
    },

    /** Removes a queue that has never issued a ticket; one that has is a conflict (close it). */
    async remove(queueId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const queue = await queueFor(
          tx,
          queueId,
          'access:manage',
          'remove this walk-in queue',
          true,
        );
        const { rows: found } = await tx.query(
          'select 1 from walk_in_ticket where org_id = $1 and queue_id = $2 limit 1',
          [orgId, queueId],
        );
        if (found.length > 0) {
          throw new AtscaleError(
            'conflict',
            'The queue has issued tickets: close it instead of removing it',
          );
        }
        await tx.query('delete from walk_in_queue where org_id = $1 and id = $2', [orgId, queueId]);
        await writeAudit(tx, [
          audit(
            'access:manage',
            queue.practiceId,
            'walk-in-queue.delete',
            'walk-in-queue',
            queueId,
          ),
        ]);
      });
    },

    /** The queue today: who is waiting (by number), who is called, the estimated waits. */
    async live(queueId: string): Promise<LiveQueue> {
      const queue = await queueFor(db, queueId, 'walk-in:run', 'run this walk-in queue');
      const date = todayInEngland();
      const today = await queueToday(db, queue, orgId, date);
      return {
        queue,
        date,
        waiting: today.waiting,
        waitingCount: today.waiting.length,
        called: today.called,
        paceMinutes: Math.round(today.pace * 10) / 10,
        newArrivalWaitMinutes: today.newArrivalWaitMinutes,
        seenToday: today.seenToday,
      };
    },

    /**
     * Issues the next ticket of the day. The patient, if given, must be registered with the
     * organisation; the ticket is then audited with the patient.
     */
    async issue(queueId: string, input: { patientId?: string | null } = {}): Promise<WalkInTicket> {
      return db.transaction(async (tx) => {
        const queue = await queueFor(tx, queueId, 'walk-in:run', 'run this walk-in queue', true);
        if (!queue.open) throw new AtscaleError('conflict', 'The queue is closed');
        const patientId = input.patientId ?? null;
        if (patientId !== null) {
          const { rows: found } = await tx.query(
            'select 1 from patient where org_id = $1 and id = $2',
            [orgId, patientId],
          );
          if (found.length === 0) {
            throw new AtscaleError('not-found', 'The patient was not found', [
              { field: '/patientId', message: 'is not a patient of this organisation' },
            ]);
          }
        }
        const date = todayInEngland();
        const { rows } = await tx.query<WalkInTicket>(
          `insert into walk_in_ticket as t (org_id, queue_id, issued_on, number, patient_id)
           select $1, $2, $3, coalesce(max(number), 0) + 1, $4
             from walk_in_ticket where org_id = $1 and queue_id = $2 and issued_on = $3
           returning ${TICKET_COLUMNS}`,
          [orgId, queueId, date, patientId],
        );
        const ticket = rows[0];
        if (!ticket) throw new Error('ticket insert returned no row');
        await writeAudit(tx, [
          audit(
            'walk-in:run',
            queue.practiceId,
            patientId === null ? 'walk-in-ticket.create' : 'walk-in-ticket.create-for-patient',
            'walk-in-ticket',
            ticket.id,
            patientId,
          ),
        ]);
        return ticket;
      });
    },

    /** Calls the lowest waiting ticket; with nobody waiting, a conflict. */
    async callNext(queueId: string): Promise<WalkInTicket> {
      return db.transaction(async (tx) => {
        const queue = await queueFor(tx, queueId, 'walk-in:run', 'run this walk-in queue');
        const { rows } = await tx.query<WalkInTicket>(
          `update walk_in_ticket t set status = 'called', called_at = clock_timestamp(),
                  called_by = $4
            where t.id = (select id from walk_in_ticket
                           where org_id = $1 and queue_id = $2 and issued_on = $3
                             and status = 'waiting'
                           order by number limit 1
                           for update skip locked)
              and t.status = 'waiting'
           returning ${TICKET_COLUMNS}`,
          [orgId, queueId, todayInEngland(), principal.userId],
        );
        const ticket = rows[0];
        if (!ticket) throw new AtscaleError('conflict', 'Nobody is waiting in this queue');
        await writeAudit(tx, [
          audit(
            'walk-in:run',
            queue.practiceId,
            'walk-in-ticket.call',
            'walk-in-ticket',
            ticket.id,
          ),
        ]);
        return ticket;
      });
    },

    /** Records a ticket seen (done) or gone without being seen (left). */
    async finish(
      queueId: string,
      ticketId: string,
      outcome: 'done' | 'left',
    ): Promise<WalkInTicket> {
      return db.transaction(async (tx) => {
        const queue = await queueFor(tx, queueId, 'walk-in:run', 'run this walk-in queue');
        const { rows } = await tx.query<WalkInTicket & { was: string }>(
          `select ${TICKET_COLUMNS}, t.status as was from walk_in_ticket t
            where t.org_id = $1 and t.queue_id = $2 and t.id = $3 for update`,
          [orgId, queueId, ticketId],
        );
        const current = rows[0];
        if (!current) throw notFound('The ticket');
        const allowed = outcome === 'done' ? ['called'] : ['waiting', 'called'];
        if (!allowed.includes(current.was)) {
          throw new AtscaleError(
            'conflict',
            outcome === 'done'
              ? `Ticket ${current.number} has not been called, or is already finished`
              : `Ticket ${current.number} is already finished`,
          );
        }
        const { rows: updated } = await tx.query<WalkInTicket>(
          `update walk_in_ticket t set status = $4, done_at = clock_timestamp()
            where t.org_id = $1 and t.queue_id = $2 and t.id = $3
           returning ${TICKET_COLUMNS}`,
          [orgId, queueId, ticketId, outcome],
        );
        await writeAudit(tx, [
          audit(
            'walk-in:run',
            queue.practiceId,
            `walk-in-ticket.${outcome}`,
            'walk-in-ticket',
            ticketId,
          ),
        ]);
        return updated[0] as WalkInTicket;
      });
    },
  };
}

/** The walk-in repository a request handler is given. */
export type WalkInRepository = ReturnType<typeof walkInRepository>;
