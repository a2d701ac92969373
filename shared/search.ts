/**
 * Text as a search compares it: lower case with accents dropped, so "cafe" finds "Café" and
 * "EXPORT" finds "Nightly export". The renderer's list searches and the run store's SQL fold
 * with this one function, so the lists and the run history agree on what matches.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a search, folded; none for a blank one. */
export function searchTerms(search: string): string[] {
  return foldForSearch(search).split(/\s+/).filter(Boolean);
}

/**
 * Whether every word of the search is in one of the texts, in any order ("orders failing" finds
 * the failing sync named Orders). A word must sit inside one text, not across two. No words
 * matches everything.
 */
export function matchesSearch(terms: readonly string[], texts: ReadonlyArray<string | null | undefined>): boolean {
  const folded = texts.filter((t): t is string => !!t).map(foldForSearch);
  return terms.every((term) => folded.some((text) => text.includes(term)));
}
