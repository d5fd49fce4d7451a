// Command syft-scanner is the stand-in for the image docker/buildkit-syft-scanner:stable-1, the SBOM generator that
// BuildKit runs for `sbom: true` (a registry image, unreachable here). It speaks the same protocol: BuildKit mounts
// the image's root filesystem at $BUILDKIT_SCAN_SOURCE (and other stages under $BUILDKIT_SCAN_SOURCE_EXTRAS) and
// collects in-toto statements from $BUILDKIT_SCAN_DESTINATION; and it catalogues with the same library, Anchore's
// syft, writing an SPDX 2.3 JSON document as the statement's predicate.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	// The sqlite driver syft's own binary registers (cmd/syft/main.go): without it, cataloguing an image that holds
	// an RPM database (or any of syft's other sqlite sources) fails.
	_ "modernc.org/sqlite"

	"github.com/anchore/syft/syft"
	"github.com/anchore/syft/syft/format"
	"github.com/anchore/syft/syft/format/spdxjson"
	"github.com/anchore/syft/syft/source/directorysource"
)

// statement is an in-toto statement without subjects: BuildKit fills them in with the image it attests.
type statement struct {
	Type          string          `json:"_type"`
	PredicateType string          `json:"predicateType"`
	Subject       []any           `json:"subject"`
	Predicate     json.RawMessage `json:"predicate"`
}

func scan(ctx context.Context, root, destination string) error {
	src, err := directorysource.NewFromPath(root)
	if err != nil {
		return fmt.Errorf("reading %s: %w", root, err)
	}
	defer func() { _ = src.Close() }()
	bom, err := syft.CreateSBOM(ctx, src, syft.DefaultCreateSBOMConfig())
	if err != nil {
		return fmt.Errorf("cataloguing %s: %w", root, err)
	}
	encoder, err := spdxjson.NewFormatEncoderWithConfig(spdxjson.DefaultEncoderConfig())
	if err != nil {
		return err
	}
	document, err := format.Encode(*bom, encoder)
	if err != nil {
		return err
	}
	out, err := json.Marshal(statement{
		Type:          "https://in-toto.io/Statement/v0.1",
		PredicateType: "https://spdx.dev/Document",
		Subject:       []any{},
		Predicate:     document,
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(destination, filepath.Base(root)+".spdx.json"), out, 0o644)
}

func main() {
	source, destination := os.Getenv("BUILDKIT_SCAN_SOURCE"), os.Getenv("BUILDKIT_SCAN_DESTINATION")
	if source == "" || destination == "" {
		fmt.Fprintln(os.Stderr, "syft-scanner: BUILDKIT_SCAN_SOURCE and BUILDKIT_SCAN_DESTINATION must be set (BuildKit sets them)")
		os.Exit(2)
	}
	if err := scan(context.Background(), source, destination); err != nil {
		fmt.Fprintln(os.Stderr, "syft-scanner:", err)
		os.Exit(1)
	}
}
