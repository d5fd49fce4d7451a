/**
 * Standard-library features the generated Go code uses only from the Go release that has them, so that the code is
 * the most current a reviewer could ask for at go.mod's go line (--go-version), and still builds at the oldest one
 * we accept. `go vet`'s stdversion check fails on a symbol newer than the go line, so each row is proven by the
 * tests that vet the code at both ends.
 */

/** The Go minor release that introduced each feature. */
const SINCE = {
  /** `httptest.NewRequestWithContext`. */
  httptestRequestWithContext: 23,
  /** `slog.DiscardHandler`. */
  slogDiscardHandler: 24,
  /** `testing.T.Context`, cancelled when the test ends. */
  testingContext: 24,
  /** `errors.AsType[E](err)`, the generic errors.As. */
  errorsAsType: 26,
} as const;

export type GoFeatures = { readonly [Feature in keyof typeof SINCE]: boolean };

/** Which features `go 1.<goMinor>` has. */
export function goFeatures(goMinor: number): GoFeatures {
  return Object.fromEntries(Object.entries(SINCE).map(([feature, since]) => [feature, goMinor >= since])) as GoFeatures;
}
