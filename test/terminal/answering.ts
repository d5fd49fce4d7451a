/**
 * How a person answers each question of the options table at a terminal: one row per option, written by hand (not
 * derived from the generator, so that the tests can catch it). An option added to options.ts needs a row here, or
 * the coverage test fails; the journeys then ask it, answer it with Enter, with `other`, and (for an input) with
 * `refused` first.
 */
import { type Answers } from '../../generators/lib/options.js';
import { type Reply } from './harness/person.js';

/** Where a question is asked: in a new, empty directory, or in one of the fixture modules (test/fixtures/). */
export type Situation = 'new service' | 'new cgo service' | 'fixture multi-main' | 'fixture root-main';

export interface TerminalRow {
  readonly key: keyof Answers;
  /** The question as the screen shows it (before the default). */
  readonly question: string;
  /** Where the question is asked, so the journeys can meet it. */
  readonly askedIn: Situation;
  /** A value other than the default, as a person gives it; `stored` is what .yo-rc.json must then hold. */
  readonly other: { readonly reply: Reply; readonly stored: unknown };
  /** For an input: a value its rule refuses, and a part of the refusal the screen must show. */
  readonly refused?: { readonly typed: string; readonly says: string };
}

export const TERMINAL_ROWS: readonly TerminalRow[] = [
  {
    key: 'main',
    question: 'Main package to build into the image',
    askedIn: 'fixture multi-main',
    other: { reply: { kind: 'pick', entry: './cmd/worker' }, stored: './cmd/worker' },
  },
  {
    key: 'name',
    question: 'Service name (binary, image and log name)',
    askedIn: 'new service',
    other: { reply: { kind: 'type', text: 'billing-api' }, stored: 'billing-api' },
    refused: { typed: 'Billing API', says: '--name: must be a lowercase DNS label' },
  },
  {
    key: 'module',
    question: 'Go module path',
    askedIn: 'new service',
    other: { reply: { kind: 'type', text: 'example.com/payments/billing' }, stored: 'example.com/payments/billing' },
    refused: { typed: 'https://example.com/x', says: '--module: must be a Go module path' },
  },
  {
    key: 'goVersion',
    question: 'Go version (go.mod and builder image)',
    askedIn: 'new service',
    other: { reply: { kind: 'type', text: '1.25' }, stored: '1.25' },
    refused: { typed: '1.21', says: '--go-version: must be 1.N or 1.N.P with N >= 22' },
  },
  {
    key: 'tags',
    question: 'Build tags (comma-separated, empty for none)',
    askedIn: 'fixture root-main',
    other: { reply: { kind: 'type', text: 'netgo,osusergo' }, stored: ['netgo', 'osusergo'] },
    refused: { typed: 'net-go', says: '--tags: must be build tags separated by commas' },
  },
  {
    key: 'ldflags',
    question: 'Link flags (go build -ldflags)',
    askedIn: 'fixture root-main',
    other: { reply: { kind: 'type', text: '-s -w' }, stored: '-s -w' },
    refused: { typed: 's w', says: '--ldflags: must be go link flags' },
  },
  {
    key: 'cgo',
    question: 'Does the service need cgo (C libraries such as sqlite3)?',
    askedIn: 'new cgo service',
    other: { reply: { kind: 'confirm', yes: true }, stored: true },
  },
  {
    key: 'runtime',
    question: 'Final image for the static binary',
    askedIn: 'new service',
    other: { reply: { kind: 'pick', entry: 'scratch' }, stored: 'scratch' },
  },
  {
    key: 'debian',
    question: 'Debian release of the builder and runtime images',
    askedIn: 'new service',
    other: { reply: { kind: 'pick', entry: 'bookworm' }, stored: 'bookworm' },
  },
  {
    key: 'port',
    question: 'HTTP port',
    askedIn: 'new service',
    other: { reply: { kind: 'type', text: '9000' }, stored: 9000 },
    refused: { typed: '80', says: '--port: must be an integer from 1024 to 65535' },
  },
  {
    key: 'portEnv',
    question: 'Environment variable the app reads its port from',
    askedIn: 'fixture root-main',
    other: { reply: { kind: 'type', text: 'GREETER_PORT' }, stored: 'GREETER_PORT' },
    refused: { typed: '9PORT', says: '--port-env: must be an environment variable name' },
  },
  {
    key: 'image',
    question: 'Image name (without tag)',
    askedIn: 'new service',
    other: {
      reply: { kind: 'type', text: 'registry.example.com:5000/team/billing' },
      stored: 'registry.example.com:5000/team/billing',
    },
    refused: { typed: 'ghcr.io/Acme/billing:latest', says: '--image: must be a lowercase image name without tag' },
  },
  {
    key: 'platforms',
    question: 'Target platforms',
    askedIn: 'new service',
    other: {
      reply: { kind: 'tick', tick: ['linux/arm/v7'], untick: ['linux/arm64'] },
      stored: ['linux/amd64', 'linux/arm/v7'],
    },
  },
  {
    key: 'ci',
    question: 'CI workflow',
    askedIn: 'new cgo service',
    other: { reply: { kind: 'pick', entry: 'none' }, stored: 'none' },
  },
  {
    key: 'ciLayout',
    question: 'How should CI build the image?',
    askedIn: 'new service',
    other: { reply: { kind: 'pick', entry: 'native' }, stored: 'native' },
  },
  {
    key: 'defaultBranch',
    question: 'Default branch of the repository (CI publishes the image from it)',
    askedIn: 'new service',
    other: { reply: { kind: 'type', text: 'develop' }, stored: 'develop' },
    refused: { typed: 'release..v2', says: '--default-branch: must be a git branch name' },
  },
  {
    key: 'deploy',
    question: 'Deployment files to write',
    askedIn: 'new service',
    other: { reply: { kind: 'tick', tick: [], untick: ['kubernetes'] }, stored: ['compose'] },
  },
  {
    key: 'goPrivate',
    question: 'Private module patterns (GOPRIVATE)',
    askedIn: 'fixture root-main',
    other: { reply: { kind: 'type', text: 'github.com/acme/*' }, stored: 'github.com/acme/*' },
    refused: { typed: 'github.com/acme/ private', says: '--goprivate: must be comma-separated module path patterns' },
  },
  {
    key: 'includeMakefile',
    question: 'Append "include docker.mk" to your Makefile?',
    askedIn: 'fixture root-main',
    other: { reply: { kind: 'confirm', yes: true }, stored: true },
  },
];

export const QUESTIONS: readonly string[] = TERMINAL_ROWS.map((row) => row.question);

export function rowOf(question: string): TerminalRow | undefined {
  return TERMINAL_ROWS.find((row) => row.question === question);
}
