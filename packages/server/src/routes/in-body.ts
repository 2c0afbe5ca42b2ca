import { AtscaleError } from '@atscale/domain';

/**
 * Runs a repository call made with a request's JSON body. The domain and the repositories name a
 * failing field as a pointer into what they were given (`/effectiveFrom`); the answer names it
 * in the request, as schema validation does (`body/effectiveFrom`). `renamed` maps pointers whose
 * request field is called something else (`/into/code` → `/newCostCentre/code`).
 */
export async function inBody<T>(
  work: () => Promise<T>,
  renamed: Readonly<Record<string, string>> = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AtscaleError) || error.errors.length === 0) throw error;
    const toRequest = (field: string) =>
      field.startsWith('/') ? `body${renamed[field] ?? field}` : field;
    // A detail that starts with the field's own name is renamed with it.
    let detail = error.detail;
    for (const problem of error.errors) {
      for (const prefix of [problem.field, problem.field.replace(/^\//, '')]) {
        if (detail.startsWith(`${prefix}: `)) {
          detail = `${toRequest(problem.field)}${detail.slice(prefix.length)}`;
          break;
        }
      }
    }
    const fields = error.errors.map((problem) => ({ ...problem, field: toRequest(problem.field) }));
    throw new AtscaleError(error.code, detail, fields);
  }
}
