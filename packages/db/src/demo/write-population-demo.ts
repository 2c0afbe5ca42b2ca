import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { EFI_DEFICIT_IDS, demoCodedLines, type DemoPlan, type EfiDeficitId } from '@atscale/domain';
import type { Database } from '../database.js';
import { currentCodeList, readPublicEfiCodeList } from '../repositories/population/code-lists.js';
import { importCodedFile } from '../repositories/population/coded-import.js';
import { scoreAllPatients } from '../repositories/population/frailty-scoring.js';
import { streamLines } from '../repositories/population/stream-lines.js';

/** What the population demo wrote, and how long it took. */
export interface PopulationDemo {
  readonly files: number;
  readonly entries: number;
  readonly scored: number;
  readonly reviews: number;
  /** Wall time in all, and of its steps: writing the files, importing them, scoring. */
  readonly milliseconds: number;
  readonly steps: { readonly files: number; readonly import: number; readonly score: number };
}

/**
 * Whether a plan gets coded records: only the main demo organisation at the size `npm start`
 * builds (the autonomy super-partnership, `small`, 30,000 patients), so first start stays
 * fast and tests' tiny demos keep no frailty data they did not make.
 */
export function hasPopulationDemo(plan: DemoPlan): boolean {
  return plan.form === 'autonomy-super-partnership' && plan.scale === 'small';
}

/**
 * Coded records for a written demo (POP-1): each practice's patients aged 65+ get coded
 * deficits (most fit or mild, a minority moderate or severe: `demoCodedLines`), written as a
 * FHIR NDJSON file per practice in a temporary folder and loaded through the same import path
 * as any extract (`importCodedFile`), then everyone is scored on the plan's day. Some of the
 * frailty register then has a care plan and medication review recorded, some are due.
 * Runs after the demo's own transaction: the import takes a transaction per file.
 */
export async function writePopulationDemo(
  db: Database,
  plan: DemoPlan,
  demo: {
    readonly orgId: string;
    readonly practiceIds: readonly string[];
    readonly adminId: string | null;
  },
): Promise<PopulationDemo> {
  const started = performance.now();
  const list = await readPublicEfiCodeList();
  const codeOf = Object.fromEntries(
    EFI_DEFICIT_IDS.map((d) => [d, list.deficits[d][0]?.code ?? '']),
  ) as Record<EfiDeficitId, string>;
  const dir = await mkdtemp(path.join(tmpdir(), 'atscale-demo-coded-'));
  try {
    const files: string[] = [];
    const outs = new Map<number, WriteStream>();
    const outOf = (practiceIndex: number) => {
      let out = outs.get(practiceIndex);
      if (!out) {
        const file = path.join(
          dir,
          `Condition-${String(practiceIndex + 1).padStart(3, '0')}.ndjson`,
        );
        files.push(file);
        out = createWriteStream(file);
        outs.set(practiceIndex, out);
      }
      return out;
    };
    for (const patient of plan.patients()) {
      const lines = demoCodedLines(patient, plan.today, codeOf, plan.seed);
      if (lines.length === 0) continue;
      const out = outOf(patient.practiceIndex);
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    }
    await Promise.all([...outs.values()].map((out) => new Promise((done) => out.end(done))));

    const filesWritten = performance.now();
    let entries = 0;
    const actor = {
      orgId: demo.orgId,
      userId: demo.adminId,
      role: 'org-admin',
      requestId: null,
      reason: 'demo data',
    };
    for (const file of files.sort()) {
      const result = await importCodedFile(db, actor, {
        fileName: path.basename(file),
        format: 'ndjson',
        ...streamLines(createReadStream(file)),
      });
      entries += result.entries;
    }
    await db.query('analyze coded_entry');
    const imported = performance.now();
    const codeList = await currentCodeList(db, demo.orgId);
    const { run, reviews } = await db.transaction(async (tx) => {
      const scored = await scoreAllPatients(tx, demo.orgId, plan.today, codeList.id, demo.adminId);
      // About half the register has a care plan within the year, a fifth one older than a year
      // (due again), the rest none; medication reviews likewise. Patient ids are random, so
      // their hash picks a spread of patients.
      const written = await tx.query(
        `insert into register_review (org_id, register_key, patient_id, kind, done_on, recorded_by)
         select s.org_id, 'frailty', s.patient_id, k.kind,
                $3::date - (case when h.pick < 50 then h.pick * 6 else 380 + h.pick * 4 end),
                $4
           from frailty_score s
           cross join (values ('care-plan', 0), ('medication-review', 37)) as k(kind, shift)
           cross join lateral (
             select (abs(hashtext(s.patient_id::text || k.kind)) + k.shift) % 100 as pick
           ) h
          where s.org_id = $1 and s.run_id = $2 and s.category in ('moderate', 'severe')
            and h.pick < 70`,
        [demo.orgId, scored.id, plan.today, demo.adminId],
      );
      return { run: scored, reviews: written.rowCount };
    });
    return {
      files: files.length,
      entries,
      scored: run.patients,
      reviews,
      milliseconds: Math.round(performance.now() - started),
      steps: {
        files: Math.round(filesWritten - started),
        import: Math.round(imported - filesWritten),
        score: Math.round(performance.now() - imported),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
