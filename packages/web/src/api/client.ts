import { ApiError, toProblem } from './problem';

const readJson = async (response: Response): Promise<unknown> => {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204 || !type.includes('json')) return undefined;
  return (await response.json()) as unknown;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const send = async (path: string, method: Method, body?: unknown): Promise<unknown> => {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  // Bodies are JSON (a DELETE has none, and an empty JSON body is refused); the browser adds
  // Origin to state-changing requests, which the server checks.
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const result = await readJson(response);
  if (!response.ok) throw new ApiError(toProblem(response.status, result));
  return result;
};

/** GETs a same-origin `/api/...` path; resolves to the parsed JSON or throws {@link ApiError}. */
export function getJson(path: string): Promise<unknown> {
  return send(path, 'GET');
}

/** POSTs a JSON body to a same-origin `/api/...` path; resolves to the parsed JSON (undefined for 204). */
export function postJson(path: string, body: unknown): Promise<unknown> {
  return send(path, 'POST', body);
}

/** PUTs a JSON body to a same-origin `/api/...` path; resolves to the parsed JSON. */
export function putJson(path: string, body: unknown): Promise<unknown> {
  return send(path, 'PUT', body);
}

/** PATCHes a same-origin `/api/...` path with the fields to change; resolves to the parsed JSON. */
export function patchJson(path: string, body: unknown): Promise<unknown> {
  return send(path, 'PATCH', body);
}

/** DELETEs a same-origin `/api/...` resource; resolves to undefined on 204. */
export function deleteJson(path: string): Promise<unknown> {
  return send(path, 'DELETE');
}
