import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { streamLines, type CodedFormat } from '@atscale/db';
import {
  AtscaleError,
  EFI_DEFICIT_IDS,
  FRAILTY_AGE_BANDS,
  FRAILTY_CATEGORIES,
} from '@atscale/domain';
import type { RouteModule } from '../../app-types.js';
import { reposFor } from '../../plugins/session.js';
import { PROBLEM_RESPONSES } from '../../problem.js';
import { inBody } from '../request-fields.js';
import { registerRoutes } from './register-routes.js';
import { spoolUpload } from './spool-upload.js';
import { IsoDate, Nullable, Uuid } from '../finance/finance-schemas.js';

/** Media types of coded-record uploads, and the format each one is read as. */
const UPLOAD_TYPES: Readonly<Record<string, CodedFormat>> = {
  'application/x-ndjson': 'ndjson',
  'application/fhir+ndjson': 'ndjson',
  'text/csv': 'csv',
};

/** The largest upload taken: a practice's extract is a few hundred MB at most. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** A licensed eFI list runs to a few thousand codes: room for that, well past the default. */
const CODE_LIST_BODY_BYTES = 8 * 1024 * 1024;

const Category = Type.String({ enum: [...FRAILTY_CATEGORIES] });
const Counts = Type.Object(Object.fromEntries(FRAILTY_CATEGORIES.map((c) => [c, Type.Integer()])));
const Reason = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: 'Why; kept in the audit trail' }),
);

const Run = Type.Object({
  id: Uuid,
  scoredOn: IsoDate(),
  codeListId: Uuid,
  codeListVersion: Type.String(),
  patients: Type.Integer(),
  runAt: Type.String({ format: 'date-time' }),
});

const CodeList = Type.Object({
  id: Uuid,
  name: Type.String(),
  version: Type.String(),
  source: Type.String(),
  licence: Type.String(),
  codes: Type.Integer(),
  loadedAt: Type.String({ format: 'date-time' }),
});

const ImportResult = Type.Object({
  importId: Nullable(Uuid),
  fileName: Type.String(),
  alreadyImported: Type.Boolean(),
  lines: Type.Integer(),
  entries: Type.Integer(),
  unknownPatients: Type.Integer(),
  skipped: Type.Integer(),
  patientsListed: Type.Integer(),
});

/**
 * Population health (POP-1): coded-record uploads and frailty scoring for central analysts,
 * code lists for an administrator, aggregate frailty counts, and the patient-level worklist
 * and detail for the patient's practice and central roles that read patient records (audited).
 */
export const populationRoutes: RouteModule = (app, deps) => {
  const { db } = deps;
  registerRoutes(app, deps);
  // Uploads are streamed: their own parsers hand the request stream on unread, in a scope of
  // their own so that no other route takes NDJSON or CSV.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(Object.keys(UPLOAD_TYPES), (_request, payload, parsed) => {
      parsed(null, payload);
    });
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/population/imports',
      {
        schema: {
          tags: ['population'],
          summary: 'Upload one file of coded records, streamed, all or nothing (central analysts)',
          description:
            'The body is the file itself: FHIR R4 bulk-data NDJSON (application/x-ndjson or ' +
            'application/fhir+ndjson) or CSV (text/csv) with the header ' +
            'nhs_number,code_system,code,date. An NDJSON file refers to patients by NHS number ' +
            'identifier, or by Patient/{id} of a Patient resource earlier in the same file. A bad ' +
            'line refuses the whole file (400 naming the line); the same content again is ' +
            'skipped (200, alreadyImported). Records for patients not on the register are ' +
            'skipped and counted.',
          querystring: Type.Object(
            { fileName: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: { 200: ImportResult, 201: ImportResult, ...PROBLEM_RESPONSES },
        },
      },
      async (request, reply) => {
        const type =
          (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const format = UPLOAD_TYPES[type];
        const body = request.body as Readable | undefined;
        if (!format || !body || typeof body.pipe !== 'function') {
          throw new AtscaleError('validation-failed', 'body: send the file as NDJSON or CSV', [
            { field: 'body', message: 'must be application/x-ndjson or text/csv' },
          ]);
        }
        // Spooled to a temporary file first: the import's transaction then never waits on a slow
        // client (an embedded database serves one transaction at a time).
        const spooled = await spoolUpload(body, MAX_UPLOAD_BYTES);
        try {
          const result = await reposFor(request, db).population.importFile({
            fileName: request.query.fileName,
            format,
            ...streamLines(createReadStream(spooled.file)),
          });
          return await reply.code(result.alreadyImported ? 200 : 201).send(result);
        } finally {
          await spooled.remove();
        }
      },
    );
    done();
  });

  app.get(
    '/api/population/code-lists',
    {
      schema: {
        tags: ['population'],
        summary: 'The eFI code lists loaded, newest first, with source, version and licence',
        response: { 200: Type.Object({ codeLists: Type.Array(CodeList) }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => ({ codeLists: await reposFor(request, db).population.codeLists() }),
  );

  app.post(
    '/api/population/code-lists',
    {
      bodyLimit: CODE_LIST_BODY_BYTES,
      schema: {
        tags: ['population'],
        summary:
          'Load another version of the eFI code list, such as the licensed one (administrator)',
        description:
          `Every one of the 36 deficits (${EFI_DEFICIT_IDS.join(', ')}) must be listed; each ` +
          'but polypharmacy needs a code; every code must be a SNOMED CT concept id with a ' +
          'correct Verhoeff check digit. A version already loaded is refused (409).',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            version: Type.String({ minLength: 1, maxLength: 100 }),
            source: Type.String({ minLength: 1, maxLength: 2000 }),
            licence: Type.String({ minLength: 1, maxLength: 2000 }),
            deficits: Type.Record(
              Type.String(),
              Type.Array(
                Type.Object(
                  {
                    code: Type.String({ maxLength: 18 }),
                    term: Type.Optional(Type.String({ maxLength: 300 })),
                  },
                  { additionalProperties: false },
                ),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: CodeList, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const stored = await inBody(() =>
        reposFor(request, db).population.loadCodeList(request.body),
      );
      return reply.code(201).send(stored);
    },
  );

  app.post(
    '/api/population/frailty-runs',
    {
      schema: {
        tags: ['population'],
        summary: 'Score every patient aged 65+ of every practice on a date (central analysts)',
        body: Type.Object(
          {
            on: IsoDate('The scoring date: age, entries and current medications are taken on it'),
            codeListId: Type.Optional(Nullable(Uuid)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Run, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { on, codeListId } = request.body;
      const run = await inBody(() =>
        reposFor(request, db).population.runScoring(on, codeListId ?? null),
      );
      return reply.code(201).send(run);
    },
  );

  app.get(
    '/api/population/frailty',
    {
      schema: {
        tags: ['population'],
        summary:
          'Frailty counts of the latest run per practice, by category and age band (no patients)',
        response: {
          200: Type.Object({
            run: Nullable(Run),
            practices: Type.Array(
              Type.Object({
                practiceId: Uuid,
                practiceName: Type.String(),
                scored: Type.Integer(),
                byCategory: Counts,
                byAgeBand: Type.Object(
                  Object.fromEntries(FRAILTY_AGE_BANDS.map((b) => [b, Counts])),
                ),
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => reposFor(request, db).population.summary(),
  );

  app.get(
    '/api/population/practices/:practiceId/frailty-worklist',
    {
      schema: {
        tags: ['population'],
        summary: "A practice's moderately and severely frail patients, most frail first (audited)",
        params: Type.Object({ practiceId: Uuid }),
        querystring: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            run: Nullable(Run),
            patients: Type.Array(
              Type.Object({
                patientId: Uuid,
                nhsNumber: Type.String(),
                givenName: Type.String(),
                familyName: Type.String(),
                dateOfBirth: IsoDate(),
                age: Type.Integer(),
                deficitCount: Type.Integer(),
                score: Type.Number(),
                category: Category,
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      reposFor(request, db).population.worklist(
        request.params.practiceId,
        request.query.reason ?? null,
      ),
  );

  app.get(
    '/api/population/patients/:patientId/frailty',
    {
      schema: {
        tags: ['population'],
        summary: "A patient's frailty: which deficits, from which codes and dates (audited)",
        params: Type.Object({ patientId: Uuid }),
        querystring: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            patientId: Uuid,
            run: Nullable(Run),
            score: Nullable(
              Type.Object({
                age: Type.Integer(),
                deficitCount: Type.Integer(),
                score: Type.Number(),
                category: Category,
              }),
            ),
            deficits: Type.Array(
              Type.Object({
                deficit: Type.String(),
                label: Type.String(),
                evidence: Type.Array(
                  Type.Object({ code: Nullable(Type.String()), date: IsoDate() }),
                ),
              }),
            ),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) =>
      reposFor(request, db).population.patientDetail(
        request.params.patientId,
        request.query.reason ?? null,
      ),
  );
};
