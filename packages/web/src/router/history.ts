// pushState and replaceState fire no event, so navigate() announces changes itself.
const changeEvent = 'atscale:navigate';

/** Options for {@link navigate}. */
export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (for redirects). */
  replace?: boolean;
}

/** Moves the app to `to` (a same-origin path) without reloading the page. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  if (to === currentPath() && !options.replace) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(changeEvent));
}

/** The path the browser is showing now. */
export function currentPath(): string {
  return window.location.pathname;
}

/** Calls `listener` whenever the path changes (navigate, back or forward); returns an unsubscribe function. */
export function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(changeEvent, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(changeEvent, listener);
  };
}
