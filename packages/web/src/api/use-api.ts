import { useEffect, useState } from 'react';
import { ApiError } from './problem';

/** The state of one API request made by {@link useApi}. */
export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'done'; data: T }
  | { status: 'error'; httpStatus: number; detail: string };

/** Runs `load` when `key` changes and tracks its result; a stale answer is ignored. */
export function useApi<T>(key: string, load: () => Promise<T>): ApiState<T> {
  const [state, setState] = useState<{ key: string; value: ApiState<T> }>({
    key,
    value: { status: 'loading' },
  });

  useEffect(() => {
    let live = true;
    load().then(
      (data) => {
        if (live) setState({ key, value: { status: 'done', data } });
      },
      (error: unknown) => {
        if (!live) return;
        const httpStatus = error instanceof ApiError ? error.status : 0;
        const detail = error instanceof Error ? error.message : 'The request failed.';
        setState({ key, value: { status: 'error', httpStatus, detail } });
      },
    );
    return () => {
      live = false;
    };
    // `load` is expected to change with `key` only, so only `key` restarts the request.
  }, [key]);

  return state.key === key ? state.value : { status: 'loading' };
}
