// Which words of the tablet's small vocabulary the typed letters can stand for.
// A word's syllables may each be typed in full or as any non-empty prefix (`td` or `taidu`
// for 态度); a word may take only the first letters typed (态度 from `taiduhao`), and the
// letters left stay for the next word. Pure functions, no DOM.

/** Letters consumed when `letters` (from `start`) are spelled by this word, or -1. */
function consumed(letters, start, syllables, index) {
  if (index === syllables.length) return start; // every syllable typed: the word is done
  if (start === letters.length) return index > 0 ? start : -1; // letters ran out mid-word
  const syllable = syllables[index];
  let best = -1;
  for (let k = Math.min(syllable.length, letters.length - start); k >= 1; k -= 1) {
    if (letters.startsWith(syllable.slice(0, k), start)) {
      best = Math.max(best, consumed(letters, start + k, syllables, index + 1));
    }
  }
  return best;
}

/**
 * Candidate words for `letters`: [{word, consumed}], those taking more letters first, a
 * word spelled in full before one typed by initials, then the vocabulary's own order.
 * @param {Array<[string, string]>} vocabulary  [word, "syllable syllable …"] pairs
 */
export function candidates(letters, vocabulary, limit = 40) {
  if (!letters) return [];
  const found = [];
  vocabulary.forEach(([word, spelling], order) => {
    const syllables = spelling.split(" ");
    const used = consumed(letters, 0, syllables, 0);
    if (used <= 0) return;
    const full = letters.slice(0, used) === syllables.join("").slice(0, used);
    found.push({ word, consumed: used, full, order });
  });
  found.sort((a, b) => b.consumed - a.consumed || Number(b.full) - Number(a.full) || a.order - b.order);
  return found.slice(0, limit).map(({ word, consumed: used }) => ({ word, consumed: used }));
}
