import { InvalidArgumentError } from 'commander';

/**
 * A command-line option parser for a whole number (`--sample 100`): anything else is refused
 * with what the option takes, before any work starts. Its range is the contract's to check
 * (the command passes it through `call`, as the app does).
 */
export const wholeNumber =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d{1,9}$/.test(value.trim())) throw new InvalidArgumentError(`${flag} takes a whole number, like 100.`);
    return Number(value.trim());
  };
