import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * How many navigation items fit on one line, as nhsuk-frontend's header script works it out:
 * `measure` holds an invisible copy of every item plus the "More" toggle (so widths are known
 * even for items shown in the menu); `list` is the visible list whose width is available.
 * Returns the number of leading items to show in the bar; the rest go in the "More" menu.
 */
export function useNavigationOverflow(
  list: RefObject<HTMLElement | null>,
  measure: RefObject<HTMLElement | null>,
  itemCount: number,
): number {
  const [fits, setFits] = useState(itemCount);

  useLayoutEffect(() => {
    const listElement = list.current;
    const measureElement = measure.current;
    if (!listElement || !measureElement) return;

    const update = () => {
      const cells = Array.from(measureElement.children) as HTMLElement[];
      const widths = cells.slice(0, itemCount).map((cell) => cell.offsetWidth);
      const toggleWidth = cells[itemCount]?.offsetWidth ?? 0;
      const available = listElement.offsetWidth;
      const total = widths.reduce((sum, width) => sum + width, 0);
      if (total <= available) {
        setFits(itemCount);
        return;
      }
      let used = toggleWidth;
      let count = 0;
      for (const width of widths) {
        if (used + width > available) break;
        used += width;
        count += 1;
      }
      setFits(count);
    };

    update();
    // Watch both: the window changes the space, text-only zoom or web fonts change the items.
    const observer = new ResizeObserver(update);
    observer.observe(listElement);
    observer.observe(measureElement);
    return () => {
      observer.disconnect();
    };
  }, [list, measure, itemCount]);

  return fits;
}
