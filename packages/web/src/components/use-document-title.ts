import { useEffect } from 'react';

/** Sets the browser tab's title to `<page> - atscale`, so each page is announced by name. */
export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} - atscale`;
  }, [page]);
}
