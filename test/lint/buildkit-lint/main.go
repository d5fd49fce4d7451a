// Command buildkit-lint runs BuildKit's own Dockerfile checks (the ones `docker build --check` runs) on the
// Dockerfiles named on its command line, without an engine: it calls the same dockerfile2llb.DockerfileLint the
// Dockerfile frontend calls. Base images are not fetched: every FROM resolves to an empty linux image, which is
// all the checks need. It prints one JSON object per Dockerfile: {"file", "warnings": [{"rule", "detail", "line"}],
// "error"} and exits 0; the caller decides what a finding means.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerui"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

type warning struct {
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
	Line   int32  `json:"line"`
}

type report struct {
	File     string    `json:"file"`
	Warnings []warning `json:"warnings"`
	Error    string    `json:"error,omitempty"`
}

// emptyImages answers every base image lookup with an empty linux image of the requested platform.
type emptyImages struct{}

func (emptyImages) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	platform := ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		platform = *opt.ImageOpt.Platform
	}
	config, err := json.Marshal(ocispecs.Image{Platform: platform, Config: ocispecs.ImageConfig{Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}})
	if err != nil {
		return "", "", nil, err
	}
	return ref, digest.FromBytes(config), config, nil
}

var _ llb.ImageMetaResolver = emptyImages{}

func lint(path string) report {
	result := report{File: path, Warnings: []warning{}}
	dockerfile, err := os.ReadFile(path)
	if err != nil {
		result.Error = err.Error()
		return result
	}
	source := llb.Local("dockerfile")
	definition, err := source.Marshal(context.Background())
	if err != nil {
		result.Error = err.Error()
		return result
	}
	sourceMap := llb.NewSourceMap(&source, path, "Dockerfile", dockerfile)
	sourceMap.Definition = definition
	results, err := dockerfile2llb.DockerfileLint(context.Background(), dockerfile, dockerfile2llb.ConvertOpt{
		Config: dockerui.Config{
			TargetPlatforms: []ocispecs.Platform{{OS: "linux", Architecture: "amd64"}, {OS: "linux", Architecture: "arm64"}},
			BuildPlatforms:  []ocispecs.Platform{{OS: "linux", Architecture: "amd64"}},
		},
		SourceMap:    sourceMap,
		MetaResolver: emptyImages{},
	})
	if err != nil {
		result.Error = err.Error()
		return result
	}
	for _, w := range results.Warnings {
		line := int32(0)
		if len(w.Location.Ranges) > 0 {
			line = w.Location.Ranges[0].Start.Line
		}
		result.Warnings = append(result.Warnings, warning{Rule: w.RuleName, Detail: w.Detail, Line: line})
	}
	if results.Error != nil {
		result.Error = results.Error.Message
	}
	return result
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: buildkit-lint Dockerfile...")
		os.Exit(2)
	}
	encoder := json.NewEncoder(os.Stdout)
	for _, path := range os.Args[1:] {
		if err := encoder.Encode(lint(path)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
