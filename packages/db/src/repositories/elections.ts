import { createHash, randomBytes } from 'node:crypto';
import {
  AtscaleError,
  can,
  countStv,
  forbidden,
  notFound,
  type StvCountSheet,
} from '@atscale/domain';
import type { Database, Queryable } from '../database.js';
import type { Scope } from '../scope.js';
import { scopedAudit } from './scoped-audit.js';
import { sqlState, UNIQUE_VIOLATION } from '../sql-errors.js';

/** Where an election is: only ever forwards. */
export type ElectionStatus = 'nominations' | 'voting' | 'closed' | 'counted' | 'published';

/** An election as listed. */
export interface ElectionSummary {
  readonly id: string;
  readonly title: string;
  readonly seats: number;
  readonly status: ElectionStatus;
  readonly createdAt: string;
  readonly candidates: number;
  /** Voters on the register (taken when voting opens); null before. */
  readonly eligible: number | null;
  /** Ballots in the box. */
  readonly ballots: number;
}

/** A candidate as everyone in the organisation sees them. */
export interface ElectionCandidate {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly statement: string;
  readonly nominatedBySelf: boolean;
  readonly withdrawn: boolean;
}

/** The caller's own part in an election. */
export interface MyElectionPart {
  /** May vote (on the register once voting opens; a partner of a member practice before). */
  readonly eligible: boolean;
  readonly hasVoted: boolean;
  /** The caller's candidacy, if they stand. */
  readonly candidateId: string | null;
  readonly canManage: boolean;
}

/** An election with its candidates and the caller's part in it. */
export interface ElectionDetail extends ElectionSummary {
  readonly candidateList: ElectionCandidate[];
  readonly me: MyElectionPart;
}

/** Published results: the count sheet with names, and turnout. */
export interface ElectionResults {
  readonly electionId: string;
  readonly title: string;
  readonly status: ElectionStatus;
  readonly candidates: readonly { readonly id: string; readonly name: string }[];
  readonly eligible: number;
  readonly ballots: number;
  readonly countSheet: StvCountSheet;
}

/** A voter on the register as a manager sees them: whether they voted, never how. */
export interface ElectionVoter {
  readonly userId: string;
  readonly name: string;
  readonly hasVoted: boolean;
}

/** A partner who may be nominated or vote. */
export interface EligiblePartner {
  readonly userId: string;
  readonly name: string;
}

const PARTNER_GRADES = `('salaried-partner', 'fixed-share-partner', 'equity-partner')`;

/**
 * The partners of member practices: users with a partner role at a practice whose membership
 * stage is 'member', or signed-in staff whose current grade is a partner grade at such a
 * practice. `$1` is the organisation.
 */
const ELIGIBLE_PARTNERS = `
  select u.id as "userId", u.display_name as name
    from app_user u
   where u.org_id = $1 and u.disabled_at is null
     and (exists (select 1 from role_grant g
                    join membership m on m.org_id = g.org_id and m.practice_id = g.practice_id
                   where g.org_id = u.org_id and g.user_id = u.id and g.role = 'partner'
                     and m.stage = 'member')
          or exists (select 1 from staff_member s
                       join membership m
                         on m.org_id = s.org_id and m.practice_id = s.home_practice_id
                      where s.org_id = u.org_id and s.user_id = u.id and s.left_on is null
                        and s.grade in ${PARTNER_GRADES} and m.stage = 'member'))`;

/** Normalises a receipt code as typed (spaces, dashes and case ignored) and hashes it. */
export function receiptHash(receipt: string): string {
  const normalised = receipt.replace(/[\s-]/g, '').toUpperCase();
  return createHash('sha256').update(normalised).digest('hex');
}

// Crockford's base32 leaves out I, L, O and U so a code read aloud or retyped is not misread.
const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new receipt code: 80 random bits as 16 characters in groups of four. */
export function newReceiptCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => RECEIPT_ALPHABET[b % 32] ?? '0').join('');
  return chars.match(/.{4}/g)?.join('-') ?? chars;
}

const field = (name: string, message: string) =>
  new AtscaleError('validation-failed', `${name}: ${message}`, [{ field: `/${name}`, message }]);

/**
 * Board elections (GOV-4) for one caller. Everyone in the organisation sees elections,
 * candidates and published results; partners of member practices stand and vote; the
 * governance lead and organisation administrators run them. Every write is audited in its
 * transaction; a vote's audit row says that the voter voted, never how.
 */
export function electionRepository(db: Database, scope: Scope) {
  const { principal } = scope;
  const orgId = principal.orgId;
  const canManage = can(principal, 'elections:manage');

  const requireRead = () => {
    if (!can(principal, 'elections:read')) throw forbidden('see elections');
  };
  const requireManage = (what: string) => {
    if (!canManage) throw forbidden(what);
  };

  const audit = scopedAudit(scope);

  const findElection = async (q: Queryable, electionId: string, lock = false) => {
    const { rows } = await q.query<{
      id: string;
      title: string;
      seats: number;
      status: ElectionStatus;
      countSeed: string | null;
      countSheet: StvCountSheet | null;
    }>(
      `select id, title, seats, status, count_seed as "countSeed", count_sheet as "countSheet"
         from election where org_id = $1 and id = $2${lock ? ' for update' : ''}`,
      [orgId, electionId],
    );
    const election = rows[0];
    if (!election) throw notFound('The election');
    return election;
  };

  /**
   * Writes the election's ballot box again, with `added` if given, in receipt-hash order and
   * with new random ids, all in the caller's transaction. A table keeps rows in the order they
   * were written and stamps each with the transaction that wrote it (xmin), which is also the
   * transaction that marked the voter as having voted: rewriting every ballot on every cast
   * leaves nothing stored that singles out which ballot came with which voter.
   */
  const rewriteBallotBox = async (
    tx: Queryable,
    electionId: string,
    added?: { preferences: string[]; receiptHash: string },
  ): Promise<void> => {
    const box = await tx.query<{ preferences: string[]; receiptHash: string }>(
      `delete from election_ballot where org_id = $1 and election_id = $2
       returning preferences::text[] as preferences, receipt_hash as "receiptHash"`,
      [orgId, electionId],
    );
    const ballots = added ? [...box.rows, added] : box.rows;
    const ordered = ballots.sort((a, b) => a.receiptHash.localeCompare(b.receiptHash));
    await tx.query(
      `insert into election_ballot (org_id, election_id, preferences, receipt_hash)
       select $1, $2, string_to_array(b.preferences, ',')::uuid[], b.hash
         from unnest($3::text[], $4::text[]) with ordinality as b(preferences, hash, n)
        order by b.n`,
      [
        orgId,
        electionId,
        ordered.map((b) => b.preferences.join(',')),
        ordered.map((b) => b.receiptHash),
      ],
    );
  };

  const requireStatus = (status: ElectionStatus, wanted: ElectionStatus, doing: string) => {
    if (status !== wanted) {
      throw new AtscaleError('conflict', `The election is ${status}: ${doing} needs it ${wanted}`);
    }
  };

  const isEligiblePartner = async (q: Queryable, userId: string): Promise<boolean> => {
    const { rows } = await q.query(`select 1 from (${ELIGIBLE_PARTNERS}) p where p."userId" = $2`, [
      orgId,
      userId,
    ]);
    return rows.length > 0;
  };

  const summaries = async (electionId: string | null): Promise<ElectionSummary[]> => {
    const { rows } = await db.query<ElectionSummary>(
      `select e.id, e.title, e.seats, e.status, e.created_at as "createdAt",
              (select count(*)::int from election_candidate c
                where c.election_id = e.id and c.withdrawn_at is null) as candidates,
              case when e.status = 'nominations' then null
                   else (select count(*)::int from election_voter v where v.election_id = e.id)
              end as eligible,
              (select count(*)::int from election_ballot b where b.election_id = e.id) as ballots
         from election e
        where e.org_id = $1 and ($2::uuid is null or e.id = $2)
        order by e.created_at desc, e.id`,
      [orgId, electionId],
    );
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  };

  const candidatesOf = async (q: Queryable, electionId: string): Promise<ElectionCandidate[]> => {
    const { rows } = await q.query<ElectionCandidate>(
      `select c.id, c.user_id as "userId", u.display_name as name, c.statement,
              c.nominated_by = c.user_id as "nominatedBySelf",
              c.withdrawn_at is not null as withdrawn
         from election_candidate c join app_user u on u.org_id = c.org_id and u.id = c.user_id
        where c.org_id = $1 and c.election_id = $2
        order by u.display_name, c.id`,
      [orgId, electionId],
    );
    return rows;
  };

  return {
    /** Every election of the organisation, newest first. */
    async list(): Promise<ElectionSummary[]> {
      requireRead();
      return summaries(null);
    },

    /** The partners who may stand and vote now. */
    async eligiblePartners(): Promise<EligiblePartner[]> {
      requireRead();
      const { rows } = await db.query<EligiblePartner>(
        `${ELIGIBLE_PARTNERS} order by u.display_name, u.id`,
        [orgId],
      );
      return rows;
    },

    /** One election with its candidates and what the caller may do in it. */
    async get(electionId: string): Promise<ElectionDetail> {
      requireRead();
      const [summary] = await summaries(electionId);
      if (!summary) throw notFound('The election');
      const candidateList = await candidatesOf(db, electionId);
      const register = await db.query<{ hasVoted: boolean }>(
        `select has_voted as "hasVoted" from election_voter
          where org_id = $1 and election_id = $2 and user_id = $3`,
        [orgId, electionId, principal.userId],
      );
      const onRegister = register.rows[0];
      const eligible =
        summary.status === 'nominations'
          ? await isEligiblePartner(db, principal.userId)
          : onRegister !== undefined;
      return {
        ...summary,
        candidateList,
        me: {
          eligible,
          hasVoted: onRegister?.hasVoted ?? false,
          candidateId:
            candidateList.find((c) => c.userId === principal.userId && !c.withdrawn)?.id ?? null,
          canManage,
        },
      };
    },

    /** Creates an election for N seats (7 unless given), open for nominations (audited). */
    async create(input: { title: string; seats?: number | undefined }): Promise<ElectionSummary> {
      requireManage('run elections');
      const title = input.title.trim();
      if (title.length === 0) throw field('title', 'must not be blank');
      const seats = input.seats ?? 7;
      if (!Number.isInteger(seats) || seats < 1 || seats > 50) {
        throw field('seats', 'must be a whole number from 1 to 50');
      }
      const id = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `insert into election (org_id, title, seats, created_by) values ($1, $2, $3, $4)
           returning id`,
          [orgId, title, seats, principal.userId],
        );
        const created = rows[0]?.id ?? '';
        await audit(tx, {
          permission: 'elections:manage',
          action: 'election.create',
          entityType: 'election',
          entityId: created,
        });
        return created;
      });
      const [summary] = await summaries(id);
      if (!summary) throw notFound('The election');
      return summary;
    },

    /**
     * Nominates a partner with their statement: a partner may nominate themself or another
     * partner; an election manager may nominate any partner. Only while nominations are open.
     */
    async nominate(
      electionId: string,
      input: { userId?: string | undefined; statement: string },
    ): Promise<ElectionCandidate> {
      requireRead();
      const statement = input.statement.trim();
      if (statement.length === 0) throw field('statement', 'must not be blank');
      const nomineeId = input.userId ?? principal.userId;
      const candidateId = await db.transaction(async (tx) => {
        const election = await findElection(tx, electionId, true);
        requireStatus(election.status, 'nominations', 'nominating');
        if (!canManage && !(await isEligiblePartner(tx, principal.userId))) {
          throw forbidden('nominate: only partners of member practices nominate');
        }
        if (!(await isEligiblePartner(tx, nomineeId))) {
          throw field('userId', 'is not a partner of a member practice');
        }
        try {
          const { rows } = await tx.query<{ id: string }>(
            `insert into election_candidate (org_id, election_id, user_id, statement, nominated_by)
             values ($1, $2, $3, $4, $5) returning id`,
            [orgId, electionId, nomineeId, statement, principal.userId],
          );
          const id = rows[0]?.id ?? '';
          await audit(tx, {
            permission: 'elections:read',
            action: 'election.nominate',
            entityType: 'election_candidate',
            entityId: id,
          });
          return id;
        } catch (error) {
          if (sqlState(error) === UNIQUE_VIOLATION) {
            throw new AtscaleError('conflict', 'This partner is already nominated');
          }
          throw error;
        }
      });
      const candidate = (await candidatesOf(db, electionId)).find((c) => c.id === candidateId);
      if (!candidate) throw notFound('The candidate');
      return candidate;
    },

    /** Withdraws a candidate before voting opens: the candidate themself or a manager. */
    async withdraw(electionId: string, candidateId: string): Promise<ElectionCandidate> {
      requireRead();
      await db.transaction(async (tx) => {
        const election = await findElection(tx, electionId, true);
        const { rows } = await tx.query<{ userId: string; withdrawn: boolean }>(
          `select user_id as "userId", withdrawn_at is not null as withdrawn
             from election_candidate where org_id = $1 and election_id = $2 and id = $3`,
          [orgId, electionId, candidateId],
        );
        const candidate = rows[0];
        if (!candidate) throw notFound('The candidate');
        if (candidate.userId !== principal.userId && !canManage) {
          throw forbidden('withdraw another partner’s candidacy');
        }
        requireStatus(election.status, 'nominations', 'withdrawing');
        if (candidate.withdrawn) throw new AtscaleError('conflict', 'Already withdrawn');
        await tx.query(
          `update election_candidate set withdrawn_at = now() where org_id = $1 and id = $2`,
          [orgId, candidateId],
        );
        await audit(tx, {
          permission: 'elections:read',
          action: 'election.withdraw',
          entityType: 'election_candidate',
          entityId: candidateId,
        });
      });
      const candidate = (await candidatesOf(db, electionId)).find((c) => c.id === candidateId);
      if (!candidate) throw notFound('The candidate');
      return candidate;
    },

    /**
     * Opens voting: takes the register of voters (the partners of member practices now) and
     * fixes the seed of any drawing of lots, so the count can be replayed.
     */
    async openVoting(electionId: string): Promise<ElectionSummary> {
      requireManage('open voting');
      await db.transaction(async (tx) => {
        const election = await findElection(tx, electionId, true);
        requireStatus(election.status, 'nominations', 'opening voting');
        const standing = await tx.query(
          `select 1 from election_candidate
            where org_id = $1 and election_id = $2 and withdrawn_at is null`,
          [orgId, electionId],
        );
        if (standing.rows.length === 0) {
          throw new AtscaleError('business-rule', 'Nobody is standing: nominate a candidate first');
        }
        await tx.query(
          `insert into election_voter (org_id, election_id, user_id)
           select $1, $2, p."userId" from (${ELIGIBLE_PARTNERS}) p`,
          [orgId, electionId],
        );
        await tx.query(
          `update election set status = 'voting', voting_opened_at = now(), count_seed = $3
            where org_id = $1 and id = $2`,
          [orgId, electionId, randomBytes(16).toString('hex')],
        );
        await audit(tx, {
          permission: 'elections:manage',
          action: 'election.open-voting',
          entityType: 'election',
          entityId: electionId,
        });
      });
      return (await summaries(electionId))[0] ?? Promise.reject(notFound('The election'));
    },

    /**
     * Casts the caller's ballot: marks them as voted and puts the ballot in the box in one
     * transaction. The conditional update of the voter's row is the lock that lets only one
     * of many simultaneous casts through. The receipt code is returned once and only its hash
     * is kept.
     */
    async cast(electionId: string, preferences: readonly string[]): Promise<{ receipt: string }> {
      requireRead();
      if (preferences.length === 0) throw field('preferences', 'rank at least one candidate');
      if (new Set(preferences).size !== preferences.length) {
        throw field('preferences', 'ranks a candidate more than once');
      }
      const receipt = newReceiptCode();
      await db.transaction(async (tx) => {
        // Casts take turns (and voting cannot close under one): each cast rewrites the whole
        // ballot box, which two at once would each do from a stale view.
        const { rows } = await tx.query<{ status: ElectionStatus }>(
          `select status from election where org_id = $1 and id = $2 for update`,
          [orgId, electionId],
        );
        const election = rows[0];
        if (!election) throw notFound('The election');
        requireStatus(election.status, 'voting', 'voting');
        const standing = await tx.query<{ id: string }>(
          `select id from election_candidate
            where org_id = $1 and election_id = $2 and withdrawn_at is null`,
          [orgId, electionId],
        );
        const ids = new Set(standing.rows.map((r) => r.id));
        const unknown = preferences.findIndex((p) => !ids.has(p));
        if (unknown >= 0) {
          throw new AtscaleError(
            'validation-failed',
            `preferences/${String(unknown)}: is not a candidate standing in this election`,
            [
              {
                field: `/preferences/${String(unknown)}`,
                message: 'is not a candidate standing in this election',
              },
            ],
          );
        }
        const marked = await tx.query(
          `update election_voter set has_voted = true
            where org_id = $1 and election_id = $2 and user_id = $3 and not has_voted
           returning 1`,
          [orgId, electionId, principal.userId],
        );
        if (marked.rows.length === 0) {
          const onRegister = await tx.query(
            `select 1 from election_voter where org_id = $1 and election_id = $2 and user_id = $3`,
            [orgId, electionId, principal.userId],
          );
          if (onRegister.rows.length === 0) {
            throw forbidden('vote: only partners on the register of voters vote');
          }
          throw new AtscaleError('conflict', 'You have already voted in this election');
        }
        await rewriteBallotBox(tx, electionId, {
          preferences: [...preferences],
          receiptHash: receiptHash(receipt),
        });
        await audit(tx, {
          permission: 'elections:read',
          action: 'election.vote',
          entityType: 'election',
          entityId: electionId,
        });
      });
      return { receipt };
    },

    /** Closes voting (audited). */
    async closeVoting(electionId: string): Promise<ElectionSummary> {
      requireManage('close voting');
      await db.transaction(async (tx) => {
        const election = await findElection(tx, electionId, true);
        requireStatus(election.status, 'voting', 'closing voting');
        // The last cast's transaction wrote every ballot: write them again in this one.
        await rewriteBallotBox(tx, electionId);
        await tx.query(
          `update election set status = 'closed', voting_closed_at = now()
            where org_id = $1 and id = $2`,
          [orgId, electionId],
        );
        await audit(tx, {
          permission: 'elections:manage',
          action: 'election.close-voting',
          entityType: 'election',
          entityId: electionId,
        });
      });
      return (await summaries(electionId))[0] ?? Promise.reject(notFound('The election'));
    },

    /** Counts the ballots by STV (domain/governance/stv.ts) and stores the count sheet. */
    async count(electionId: string): Promise<ElectionResults> {
      requireManage('count an election');
      await db.transaction(async (tx) => {
        const election = await findElection(tx, electionId, true);
        requireStatus(election.status, 'closed', 'counting');
        const candidates = await candidatesOf(tx, electionId);
        // Ballots in the order of their receipt hashes: an order that says nothing about when.
        const ballots = await tx.query<{ preferences: string[] }>(
          `select preferences from election_ballot where org_id = $1 and election_id = $2
            order by receipt_hash`,
          [orgId, electionId],
        );
        const sheet = countStv({
          seats: election.seats,
          candidates: candidates.map((c) => c.id),
          withdrawn: candidates.filter((c) => c.withdrawn).map((c) => c.id),
          ballots: ballots.rows.map((b) => b.preferences),
          seed: election.countSeed ?? electionId,
        });
        await tx.query(
          `update election set status = 'counted', counted_at = now(), count_sheet = $3::jsonb
            where org_id = $1 and id = $2`,
          [orgId, electionId, JSON.stringify(sheet)],
        );
        await audit(tx, {
          permission: 'elections:manage',
          action: 'election.count',
          entityType: 'election',
          entityId: electionId,
        });
      });
      return this.results(electionId);
    },

    /** Publishes a counted election's results to the organisation (audited). */
    async publish(electionId: string): Promise<ElectionResults> {
      requireManage('publish results');
      await db.transaction(async (tx) => {
        const election = await findElection(tx, electionId, true);
        requireStatus(election.status, 'counted', 'publishing');
        await tx.query(
          `update election set status = 'published', published_at = now()
            where org_id = $1 and id = $2`,
          [orgId, electionId],
        );
        await audit(tx, {
          permission: 'elections:manage',
          action: 'election.publish',
          entityType: 'election',
          entityId: electionId,
        });
      });
      return this.results(electionId);
    },

    /** The count sheet, with names and turnout: for everyone once published, managers once counted. */
    async results(electionId: string): Promise<ElectionResults> {
      requireRead();
      const election = await findElection(db, electionId);
      const visible =
        election.status === 'published' || (canManage && election.status === 'counted');
      if (!visible || !election.countSheet) {
        throw new AtscaleError(
          'conflict',
          `The results are not published: the election is ${election.status}`,
        );
      }
      const [summary] = await summaries(electionId);
      const candidates = await candidatesOf(db, electionId);
      return {
        electionId,
        title: election.title,
        status: election.status,
        candidates: candidates.map((c) => ({ id: c.id, name: c.name })),
        eligible: summary?.eligible ?? 0,
        ballots: summary?.ballots ?? 0,
        countSheet: election.countSheet,
      };
    },

    /** Whether a ballot with this receipt code is in the box, and counted. */
    async verifyReceipt(
      electionId: string,
      receipt: string,
    ): Promise<{ found: boolean; counted: boolean }> {
      requireRead();
      const election = await findElection(db, electionId);
      const { rows } = await db.query(
        `select 1 from election_ballot where org_id = $1 and election_id = $2 and receipt_hash = $3`,
        [orgId, electionId, receiptHash(receipt)],
      );
      const found = rows.length > 0;
      return { found, counted: found && ['counted', 'published'].includes(election.status) };
    },

    /** The register of voters with who has voted (turnout), never how: managers only. */
    async voters(electionId: string): Promise<ElectionVoter[]> {
      requireManage('see who has voted');
      await findElection(db, electionId);
      const { rows } = await db.query<ElectionVoter>(
        `select v.user_id as "userId", u.display_name as name, v.has_voted as "hasVoted"
           from election_voter v join app_user u on u.org_id = v.org_id and u.id = v.user_id
          where v.org_id = $1 and v.election_id = $2
          order by u.display_name, v.user_id`,
        [orgId, electionId],
      );
      return rows;
    },
  };
}
