/** What a ballot's numbered boxes come to: the preferences in order, or what is wrong. */
export type Ranking =
  { ok: true; preferences: string[] } | { ok: false; message: string; candidateId: string };

/**
 * Reads the numbers a voter typed against candidates (empty for not ranked) as an ordered list
 * of preferences. The numbers must be whole, start at 1 and run on without gaps or repeats, so
 * the ballot says exactly what the voter meant.
 */
export function rankedPreferences(boxes: readonly { id: string; value: string }[]): Ranking {
  const filled = boxes.filter((b) => b.value.trim() !== '');
  const firstBox = boxes[0]?.id ?? '';
  if (filled.length === 0) {
    return {
      ok: false,
      message: 'Number at least one candidate, starting with 1',
      candidateId: firstBox,
    };
  }
  const numbered: { id: string; rank: number }[] = [];
  for (const box of filled) {
    const rank = Number(box.value.trim());
    if (!Number.isInteger(rank) || rank < 1 || rank > boxes.length) {
      return {
        ok: false,
        message: `Use whole numbers from 1 to ${String(boxes.length)}`,
        candidateId: box.id,
      };
    }
    numbered.push({ id: box.id, rank });
  }
  numbered.sort((a, b) => a.rank - b.rank);
  for (let i = 0; i < numbered.length; i++) {
    const entry = numbered[i];
    if (entry === undefined) continue;
    if (entry.rank !== i + 1) {
      const repeated = numbered[i - 1]?.rank === entry.rank;
      return {
        ok: false,
        message: repeated
          ? `You gave ${String(entry.rank)} to more than one candidate`
          : `Number the candidates 1, 2, 3 and so on without a gap: ${String(i + 1)} is missing`,
        candidateId: entry.id,
      };
    }
  }
  return { ok: true, preferences: numbered.map((n) => n.id) };
}
