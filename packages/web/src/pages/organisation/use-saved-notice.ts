import { useState } from 'react';

/** The success notice a page shows after a save; `version` counts the saves. */
export interface SavedNotice {
  text: string;
  version: number;
}

/**
 * The notice of the last save, and `saved(text)`, which reloads the page's data and then says
 * `text`, so what it announces is already on screen. Forms keyed by the version close and start
 * empty again after each save.
 */
export function useSavedNotice(reload: () => Promise<void>): {
  notice: SavedNotice | null;
  saved: (text: string) => void;
} {
  const [notice, setNotice] = useState<SavedNotice | null>(null);
  const saved = async (text: string) => {
    await reload();
    setNotice((previous) => ({ text, version: (previous?.version ?? 0) + 1 }));
  };
  return {
    notice,
    saved: (text) => {
      void saved(text);
    },
  };
}
