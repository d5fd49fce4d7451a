/**
 * Dockerfiles that break, and that keep, each rule of dockerfile-rules.ts. dockerfile-rules.test.ts proves every
 * check reports its bad snippets and only them; hadolint.test.ts proves hadolint itself agrees on every one.
 */
import { type RuleCode } from './dockerfile-rules.js';

export interface RuleSnippets {
  readonly bad: readonly string[];
  readonly good: readonly string[];
}

const APT = 'apt-get update && apt-get install -y --no-install-recommends';

export const RULE_SNIPPETS: Readonly<Record<RuleCode, RuleSnippets>> = {
  DL3002: {
    bad: [
      'FROM debian:12\nUSER root\n',
      'FROM debian:12\nUSER 65532\nUSER 0:0\n',
      'FROM debian:12 AS build\nUSER root:root\nFROM debian:12\nUSER 65532\n',
    ],
    good: [
      'FROM debian:12\nUSER root\nRUN true\nUSER 65532:65532\n',
      'FROM debian:12\nUSER 65532\n',
      'FROM debian:12\nRUN true\n',
    ],
  },
  DL3006: {
    bad: ['FROM debian\n', 'FROM debian:12 AS cc-amd64\nARG TARGETARCH\nFROM cc-${TARGETARCH} AS build\n'],
    good: [
      'FROM debian:12\n',
      'FROM scratch\n',
      'FROM debian:12 AS base\nFROM base\n',
      'FROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      'ARG BASE=debian:12\nFROM ${BASE}\n',
    ],
  },
  DL3007: {
    bad: ['FROM debian:latest\n', 'FROM golang:1.26 AS build\nFROM gcr.io/distroless/static:latest\n'],
    good: ['FROM debian:12\n', 'FROM gcr.io/distroless/static-debian13:nonroot\n'],
  },
  DL3008: {
    bad: [
      `FROM debian:12\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
      `FROM debian:12\nRUN ${APT} curl=7.88.1-10 \\\n      git \\\n && rm -rf /var/lib/apt/lists/*\n`,
    ],
    good: [
      `FROM debian:12\nRUN ${APT} curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n`,
      `FROM debian:12\nRUN ${APT} ./local.deb && rm -rf /var/lib/apt/lists/*\n`,
      `FROM debian:12\nRUN ${APT} -t bookworm-backports curl=8.0 && rm -rf /var/lib/apt/lists/*\n`,
    ],
  },
  DL3009: {
    bad: [
      `FROM debian:12\nRUN ${APT} curl=7.88.1-10\n`,
      `FROM debian:12 AS base\nRUN ${APT} curl=7.88.1-10\nFROM base\n`,
    ],
    good: [
      `FROM debian:12\nRUN ${APT} curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\n`,
      `FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists ${APT} curl=7.88.1-10\n`,
      `FROM debian:12 AS tools\nRUN ${APT} curl=7.88.1-10\nFROM debian:12\nCOPY --from=tools /usr/bin/curl /usr/bin/curl\n`,
    ],
  },
  DL3025: {
    bad: [
      'FROM debian:12\nCMD /app serve\n',
      'FROM debian:12\nENTRYPOINT /app\n',
      'FROM debian:12\nHEALTHCHECK --interval=30s CMD /app -healthcheck\n',
    ],
    good: [
      'FROM debian:12\nENTRYPOINT ["/app"]\nCMD ["serve"]\n',
      'FROM debian:12\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD ["/app", "-healthcheck"]\n',
      'FROM debian:12\nHEALTHCHECK NONE\n',
    ],
  },
  DL3029: {
    bad: ['FROM --platform=linux/amd64 debian:12\n', 'FROM --platform=$BUILDOS/$BUILDARCH debian:12\n'],
    good: [
      'FROM --platform=$BUILDPLATFORM golang:1.26 AS build\n',
      'FROM --platform=${BUILDPLATFORM} golang:1.26 AS build\n',
      'FROM debian:12\n',
    ],
  },
  DL3045: {
    bad: [
      'FROM debian:12\nCOPY main.go src/\n',
      'FROM debian:12 AS base\nWORKDIR /src\nFROM debian:12\nCOPY go.mod ./\n',
    ],
    good: [
      'FROM debian:12\nWORKDIR /src\nCOPY go.mod go.sum* ./\n',
      'FROM debian:12 AS base\nWORKDIR /src\nFROM base AS build\nCOPY go.mod ./\n',
      'FROM debian:12\nCOPY main.go /src/\nCOPY ["a", "/b"]\nCOPY a $HOME/b\n',
    ],
  },
  DL3062: {
    bad: [
      'FROM golang:1.26\nRUN go install example.com/tool\n',
      'FROM golang:1.26\nRUN go install golang.org/x/tools/cmd/goimports@latest\n',
    ],
    good: [
      'FROM golang:1.26\nRUN go install golang.org/x/tools/cmd/goimports@v0.30.0\n',
      'FROM golang:1.26\nRUN go install ./cmd/tool && go build ./...\n',
      'FROM golang:1.26\nRUN GOBIN=/out go install -trimpath example.com/tool@v1.2.3\n',
    ],
  },
  DL4006: {
    bad: [
      'FROM debian:12\nRUN echo ok | grep ok\n',
      'FROM debian:12\nRUN ["sh", "-c", "echo ok | grep ok"]\n',
      'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo ok | grep ok\nFROM debian:12\nRUN echo ok | grep ok\n',
    ],
    good: [
      'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo ok | grep ok\n',
      'FROM debian:12\nRUN test -f /x || echo "a|b" && echo \'c | d\'\n',
      'FROM debian:12\nRUN echo ok >/dev/null 2>&1\n',
    ],
  },
};

/** hadolint's inline pragmas, on the DL3008 bad snippet: which ones silence it, as hadolint 2.15 reads them. */
export const PRAGMA_SNIPPETS: readonly {
  readonly what: string;
  readonly dockerfile: string;
  readonly ignored: boolean;
}[] = [
  {
    what: 'an ignore pragma right above the instruction',
    dockerfile: `FROM debian:12\n# Debian keeps one version per release.\n# hadolint ignore=DL3008\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
    ignored: true,
  },
  {
    what: 'a pragma listing several rules',
    dockerfile: `FROM debian:12\n#hadolint ignore=DL3009, DL3008\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
    ignored: true,
  },
  {
    what: 'a global ignore pragma',
    dockerfile: `# hadolint global ignore=DL3008\nFROM debian:12\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
    ignored: true,
  },
  {
    what: 'a pragma followed by a reason on the same line',
    dockerfile: `FROM debian:12\n# hadolint ignore=DL3008 because pins break\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
    ignored: false,
  },
  {
    what: 'a pragma separated from the instruction by another comment',
    dockerfile: `FROM debian:12\n# hadolint ignore=DL3008\n# Debian keeps one version per release.\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
    ignored: false,
  },
  {
    what: 'a pragma for another rule',
    dockerfile: `FROM debian:12\n# hadolint ignore=DL3009\nRUN ${APT} curl && rm -rf /var/lib/apt/lists/*\n`,
    ignored: false,
  },
];
