/** The escape character the run store's LIKE patterns use (`… LIKE ? ESCAPE '\'`). */
export const LIKE_ESCAPE = '\\';

/**
 * A LIKE pattern that finds `text` as typed: its own %, _ and \ are escaped, so a search for
 * "100%" finds a literal percent rather than "100" followed by anything.
 */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A LIKE pattern for values that start with `text`, taken literally. */
export function likeStartsWith(text: string): string {
  return `${escapeLike(text)}%`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
