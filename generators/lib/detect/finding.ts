/** A fact found in the module's files, with the evidence a user can check. */
export interface Finding<T> {
  readonly value: T;
  /** Where it was found and what it says, e.g. `main.go imports "C"`. */
  readonly because: string;
}

export const found = <T>(value: T, because: string): Finding<T> => ({ value, because });
