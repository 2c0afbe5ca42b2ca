import { useSyncExternalStore } from 'react';
import { currentPath, subscribe } from './history';

/** The current path; the component re-renders when it changes. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}
