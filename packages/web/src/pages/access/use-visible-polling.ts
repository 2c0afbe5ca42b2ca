import { useEffect, useRef } from 'react';

/**
 * Calls `refresh` every `intervalMs` while the tab is shown, and at once when it is shown again:
 * a screen left open all day in a background tab asks the server for nothing.
 */
export function useVisiblePolling(refresh: () => unknown, intervalMs: number): void {
  // The latest refresh, so the timer need not restart each time the page renders.
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    let timer: number | undefined;
    const start = () => {
      if (timer === undefined && document.visibilityState === 'visible') {
        timer = window.setInterval(() => void latest.current(), intervalMs);
      }
    };
    const stop = () => {
      window.clearInterval(timer);
      timer = undefined;
    };
    const changed = () => {
      if (document.visibilityState === 'visible') {
        void latest.current();
        start();
      } else stop();
    };
    start();
    document.addEventListener('visibilitychange', changed);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', changed);
    };
  }, [intervalMs]);
}
