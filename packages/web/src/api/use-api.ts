import { useEffect, useState } from 'react';
import { ApiError } from './problem';

/** The state of one API request made by {@link useApi}. */
export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'done'; data: T }
  | { status: 'error'; httpStatus: number; detail: string };

/** What {@link useApi} gives a page. */
export interface Api<T> {
  /** The answer for the current key: loading until it arrives. */
  state: ApiState<T>;
  /** The data that arrived last, for whichever key: a page may keep it on show while a new key loads. */
  last: T | undefined;
  /**
   * Asks again for the current key, after a change, keeping `state` as it is until the new
   * answer arrives: the page does not blink back to "Loading" and lose its place.
   */
  reload: () => Promise<void>;
}

const settle = <T>(load: () => Promise<T>): Promise<ApiState<T>> =>
  load().then(
    (data) => ({ status: 'done', data }),
    (error: unknown) => ({
      status: 'error',
      httpStatus: error instanceof ApiError ? error.status : 0,
      detail: error instanceof Error ? error.message : 'The request failed.',
    }),
  );

interface Answer<T> {
  key: string;
  state: ApiState<T>;
  last: T | undefined;
}

const answered = <T>(key: string, state: ApiState<T>, previous: Answer<T>): Answer<T> => ({
  key,
  state,
  last: state.status === 'done' ? state.data : previous.last,
});

/** Runs `load` when `key` changes, and again on `reload()`, tracking its result; a stale answer is ignored. */
export function useApi<T>(key: string, load: () => Promise<T>): Api<T> {
  const [answer, setAnswer] = useState<Answer<T>>({
    key,
    state: { status: 'loading' },
    last: undefined,
  });

  useEffect(() => {
    let live = true;
    void settle(load).then((state) => {
      if (live) setAnswer((previous) => answered(key, state, previous));
    });
    return () => {
      live = false;
    };
    // `load` is expected to change with `key` only, so only `key` restarts the request.
  }, [key]);

  const reload = async () => {
    const state = await settle(load);
    // By then the page may have moved on to another key, whose answer this must not replace.
    setAnswer((previous) => (previous.key === key ? answered(key, state, previous) : previous));
  };

  return {
    state: answer.key === key ? answer.state : { status: 'loading' },
    last: answer.last,
    reload,
  };
}
