# The comparison for `npm run bench`: a Go Dockerfile in the style `docker init` writes (Docker Desktop's Go
# template, see /work/shared/REFERENCE.md §1), built against the same generated project with the same Makefile.
# Kept as docker init has it: builder on $BUILDPLATFORM, a module cache mount and bind mounts for
# `go mod download`, GOARCH=$TARGETARCH, and NO cache mount for Go's build cache (/root/.cache/go-build).
# Changed only where this machine forces it, none of which touches the build stage's caching:
#   - no `# syntax=docker/dockerfile:1` line: it makes BuildKit pull a frontend image, and no registry is reachable;
#   - no go.sum bind mount: the generated module has no dependencies, hence no go.sum, and docker init's
#     `--mount=type=bind,source=go.sum,target=go.sum` fails on a missing file;
#   - the final stage is distroless/static (the same stand-in as the generated Dockerfile's) instead of
#     alpine:latest + apk ca-certificates tzdata + adduser: alpine cannot be pulled here, and this keeps the
#     runtime stage equal so the figures compare the build stages.
ARG GO_VERSION=1.26
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src

RUN --mount=type=cache,target=/go/pkg/mod/ \
    --mount=type=bind,source=go.mod,target=go.mod \
    go mod download -x

ARG TARGETARCH

RUN --mount=type=cache,target=/go/pkg/mod/ \
    --mount=type=bind,target=. \
    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /bin/server .

FROM gcr.io/distroless/static-debian13:nonroot AS final
COPY --from=build /bin/server /bin/
EXPOSE 8080
ENTRYPOINT [ "/bin/server" ]
