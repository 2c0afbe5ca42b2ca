import {
  CENTRAL_SAVING_SERVICES,
  RECORDED_SAVING_SERVICES,
  isPence,
  notFound,
  type CentralSavingService,
  type IsoDate,
  type Pence,
} from '@atscale/domain';
import type { Database } from '../../database.js';
import type { Scope } from '../../scope.js';
import { writeAudit } from '../audit.js';
import {
  checkedPeriod,
  financeAccess,
  invalid,
  isoTime,
  type FinancePractice,
} from './finance-access.js';

/** A saving a central service made for a practice over a period. */
export interface CentralSaving {
  readonly id: string;
  readonly practice: FinancePractice;
  readonly service: CentralSavingService;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly amountPence: Pence;
  readonly note: string | null;
  readonly recordedAt: string;
}

/** A saving to record. */
export interface CentralSavingInput {
  readonly practiceId: string;
  readonly service: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly amountPence: number;
  readonly note?: string | null | undefined;
}

/** One practice's levy against the savings it received, over a period. */
export interface LevyVsSavingsRow {
  readonly practice: FinancePractice;
  /** Net levy invoiced for billing periods starting in the period. */
  readonly levyPence: Pence;
  /** The part of it paid so far. */
  readonly levyPaidPence: Pence;
  readonly savingsPence: Pence;
  readonly savingsByService: Readonly<Record<CentralSavingService, Pence>>;
  /** Savings less levy: positive when membership more than pays for itself. */
  readonly netBenefitPence: Pence;
}

/** The levy-vs-savings report: a row per practice and the organisation's total. */
export interface LevyVsSavingsReport {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly practices: LevyVsSavingsRow[];
  readonly total: Omit<LevyVsSavingsRow, 'practice'>;
}

const NOTE_MAX = 500;

const isService = (value: string): value is CentralSavingService =>
  (CENTRAL_SAVING_SERVICES as readonly string[]).includes(value);

const noSavings = (): Record<CentralSavingService, Pence> => ({
  accountancy: 0,
  banking: 0,
  'indemnity-group-deal': 0,
  'buyers-group': 0,
  'locum-pool': 0,
});

/**
 * Central savings (FIN-3) for one caller: central finance records them; a practice's people
 * see their own practice's, and the report of levy against savings.
 */
export function savingsRepository(db: Database, scope: Scope) {
  const access = financeAccess(scope);
  const { orgId, principal } = access;
  const practicesSeen = (permission: 'finance:read', what: string) => {
    const reach = access.reach(permission, what);
    return reach.kind === 'practices' ? reach.practiceIds : null;
  };

  return {
    /** Records what a central service saved a practice over a period (audited). */
    async record(input: CentralSavingInput): Promise<CentralSaving> {
      access.requireOrganisation('finance:manage', 'record central savings');
      if (!isService(input.service)) {
        throw invalid('/service', `Must be one of ${CENTRAL_SAVING_SERVICES.join(', ')}`);
      }
      if (!(RECORDED_SAVING_SERVICES as readonly string[]).includes(input.service)) {
        throw invalid(
          '/service',
          'The internal locum pool’s saving is worked out from the rota (sessions the pools filled, against the external locum rate); it is not recorded by hand',
        );
      }
      const period = checkedPeriod(input.periodFrom, input.periodTo, {
        from: '/periodFrom',
        to: '/periodTo',
      });
      if (!isPence(input.amountPence) || input.amountPence < 0) {
        throw invalid('/amountPence', 'Must be whole pence, not negative, e.g. 12345 for £123.45');
      }
      const note = input.note?.trim() || null;
      if (note !== null && note.length > NOTE_MAX) {
        throw invalid('/note', `At most ${String(NOTE_MAX)} characters`);
      }
      return db.transaction(async (tx) => {
        const { rows: practices } = await tx.query<FinancePractice>(
          'select id, ods_code as "odsCode", name from practice where org_id = $1 and id = $2',
          [orgId, input.practiceId],
        );
        const practice = practices[0];
        if (!practice) throw invalid('/practiceId', 'is not a practice of this organisation');
        const { rows } = await tx.query<Omit<CentralSaving, 'practice'>>(
          `insert into central_saving
             (org_id, practice_id, service, period_from, period_to, amount_pence, note, recorded_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           returning id, service, period_from as "periodFrom", period_to as "periodTo",
                     amount_pence as "amountPence", note, ${isoTime('created_at')} as "recordedAt"`,
          [
            orgId,
            practice.id,
            input.service,
            period.from,
            period.to,
            input.amountPence,
            note,
            principal.userId,
          ],
        );
        const saving = rows[0];
        if (!saving) throw new Error('saving insert returned no row');
        await writeAudit(tx, [
          access.audit('finance:manage', 'central-saving.record', 'central-saving', saving.id, {
            practiceId: practice.id,
          }),
        ]);
        return { ...saving, practice };
      });
    },

    /** Savings the caller may see whose period starts in [from, to], newest first. */
    async list(filter: {
      from: string;
      to: string;
      practiceId?: string | undefined;
    }): Promise<CentralSaving[]> {
      const allowed = practicesSeen('finance:read', 'see central savings');
      const period = checkedPeriod(filter.from, filter.to);
      if (
        filter.practiceId !== undefined &&
        allowed !== null &&
        !allowed.includes(filter.practiceId)
      ) {
        throw notFound('The practice');
      }
      const { rows } = await db.query<CentralSaving>(
        `select s.id, s.service, s.period_from as "periodFrom", s.period_to as "periodTo",
                s.amount_pence as "amountPence", s.note, ${isoTime('s.created_at')} as "recordedAt",
                json_build_object('id', p.id, 'odsCode', p.ods_code, 'name', p.name) as practice
           from central_saving s join practice p on p.org_id = s.org_id and p.id = s.practice_id
          where s.org_id = $1 and s.period_from between $2 and $3
            and ($4::uuid[] is null or s.practice_id = any($4::uuid[]))
            and ($5::uuid is null or s.practice_id = $5)
          order by s.period_from desc, p.name, s.service`,
        [orgId, period.from, period.to, allowed, filter.practiceId ?? null],
      );
      return rows;
    },

    /**
     * Levy against savings per practice for the levy periods and savings that start in
     * [from, to], with the organisation's total (of the practices the caller may see). Practices
     * with neither are left out.
     */
    async levyVsSavings(input: { from: string; to: string }): Promise<LevyVsSavingsReport> {
      const allowed = practicesSeen('finance:read', 'see levy against savings');
      const period = checkedPeriod(input.from, input.to);
      const { rows } = await db.query<{
        id: string;
        odsCode: string;
        name: string;
        levyPence: number;
        levyPaidPence: number;
        savings: { service: CentralSavingService; amountPence: number }[] | null;
        poolPence: number;
      }>(
        // The locum pool's saving comes from the rota: every session a pool member filled at
        // one of the practice's sites in the period, at the external locum rate less theirs.
        `with pool as (
           select si.practice_id,
                  sum(greatest(coalesce(os.external_locum_pence_per_session, 90000)
                               - pm.pence_per_session, 0))::bigint as saved
             from session_assignment a
             join rota_session rs on rs.org_id = a.org_id and rs.id = a.session_id
             join site si on si.org_id = rs.org_id and si.id = rs.site_id
             join pool_member pm on pm.org_id = a.org_id and pm.staff_id = a.staff_id
             left join organisation_settings os on os.org_id = a.org_id
            where a.org_id = $1 and a.source = 'pool' and si.practice_id is not null
              and (rs.starts_at at time zone 'Europe/London')::date between $2 and $3
            group by si.practice_id),
         levy as (
           select practice_id, sum(net_pence)::bigint as levy,
                  coalesce(sum(net_pence) filter (where status = 'paid'), 0)::bigint as paid
             from levy_invoice
            where org_id = $1 and period_from between $2 and $3
            group by practice_id),
         saved as (
           select practice_id, json_agg(json_build_object('service', service,
                                                          'amountPence', amount)) as savings
             from (select practice_id, service, sum(amount_pence)::bigint as amount
                     from central_saving
                    where org_id = $1 and period_from between $2 and $3
                    group by practice_id, service) s
            group by practice_id)
         select p.id, p.ods_code as "odsCode", p.name,
                coalesce(l.levy, 0)::bigint as "levyPence", coalesce(l.paid, 0)::bigint as "levyPaidPence",
                s.savings, coalesce(pl.saved, 0)::bigint as "poolPence"
           from practice p
           left join levy l on l.practice_id = p.id
           left join saved s on s.practice_id = p.id
           left join pool pl on pl.practice_id = p.id
          where p.org_id = $1
            and (l.practice_id is not null or s.practice_id is not null or pl.practice_id is not null)
            and ($4::uuid[] is null or p.id = any($4::uuid[]))
          order by p.name, p.ods_code`,
        [orgId, period.from, period.to, allowed],
      );
      const practices = rows.map((r): LevyVsSavingsRow => {
        const savingsByService = noSavings();
        for (const s of r.savings ?? []) savingsByService[s.service] += s.amountPence;
        savingsByService['locum-pool'] += r.poolPence;
        const savingsPence = Object.values(savingsByService).reduce((a, b) => a + b, 0);
        return {
          practice: { id: r.id, odsCode: r.odsCode, name: r.name },
          levyPence: r.levyPence,
          levyPaidPence: r.levyPaidPence,
          savingsPence,
          savingsByService,
          netBenefitPence: savingsPence - r.levyPence,
        };
      });
      const byService = noSavings();
      for (const p of practices) {
        for (const service of CENTRAL_SAVING_SERVICES) {
          byService[service] += p.savingsByService[service];
        }
      }
      const add = (pick: (r: LevyVsSavingsRow) => Pence) =>
        practices.reduce((s, r) => s + pick(r), 0);
      return {
        from: period.from,
        to: period.to,
        practices,
        total: {
          levyPence: add((r) => r.levyPence),
          levyPaidPence: add((r) => r.levyPaidPence),
          savingsPence: add((r) => r.savingsPence),
          savingsByService: byService,
          netBenefitPence: add((r) => r.netBenefitPence),
        },
      };
    },
  };
}

/** The savings repository a request handler is given. */
export type SavingsRepository = ReturnType<typeof savingsRepository>;
