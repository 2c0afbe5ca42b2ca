import { ApiError, toProblem } from './problem';

const readJson = async (response: Response): Promise<unknown> => {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204 || !type.includes('json')) return undefined;
  return (await response.json()) as unknown;
};

const send = async (path: string, method: 'GET' | 'POST', body?: unknown): Promise<unknown> => {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  // State-changing requests are JSON; the browser adds Origin, which the server checks.
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
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
