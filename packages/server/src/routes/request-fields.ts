import { AtscaleError } from '@atscale/domain';

type RequestPart = 'body' | 'querystring';

/**
 * Runs a repository call made with one part of a request. The domain and the repositories name
 * a failing field as a pointer into what they were given (`/effectiveFrom`); the answer names it
 * in the request, as schema validation does (`body/effectiveFrom`, `querystring/from`).
 * `renamed` maps pointers whose request field is called something else.
 */
async function naming<T>(
  part: RequestPart,
  work: () => Promise<T>,
  renamed: Readonly<Record<string, string>>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AtscaleError) || error.errors.length === 0) throw error;
    const toRequest = (field: string) =>
      field.startsWith('/') ? `${part}${renamed[field] ?? field}` : field;
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

/** A repository call made with the request's JSON body: its field errors name `body/...`. */
export function inBody<T>(
  work: () => Promise<T>,
  renamed: Readonly<Record<string, string>> = {},
): Promise<T> {
  return naming('body', work, renamed);
}

/** A repository call made with the query string: its field errors name `querystring/...`. */
export function inQuery<T>(
  work: () => Promise<T>,
  renamed: Readonly<Record<string, string>> = {},
): Promise<T> {
  return naming('querystring', work, renamed);
}
