/** A forward-only schema step. `up` is plain SQL so each migration reads as what it does. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
