/** A fact found in the module's files, with the evidence a user can check and what would change it. */
export interface Finding<T> {
  readonly value: T;
  /** Where it was found and what it says, as file:line where there is one, e.g. `main.go:12 imports "C"`. */
  readonly because: string;
  /** What would make it different: the flag to pass, or the change to the module. */
  readonly change?: string;
}

export const found = <T>(value: T, because: string, change?: string): Finding<T> =>
  change === undefined ? { value, because } : { value, because, change };
