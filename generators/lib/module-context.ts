/**
 * The template values that depend on what an existing module's files say (detect/). For a new service there is no
 * detection and every value is the new service's: the templates then write exactly what they always wrote.
 */
import { type Detection, type MakefileLayout, type WorkflowLayout } from './detect/index.js';
import { type Answers } from './options.js';

export interface ModuleContext {
  /** The module existed before the generator ran: its code is the user's, only container files are written. */
  readonly existingModule: boolean;
  /** The binary has the generated `-healthcheck` self-probe, so the image gets a HEALTHCHECK (new services only). */
  readonly healthcheck: boolean;
  /** Build from vendor/ (-mod=vendor), with no download step. */
  readonly vendor: boolean;
  /** Private modules are downloaded with git credentials from a BuildKit secret (GOPRIVATE set, not vendored). */
  readonly privateModules: boolean;
  /** What the C code needs, one line each, for the Dockerfile's comments. */
  readonly cNeeds: readonly string[];
  /** Top-level build output .dockerignore leaves out: bin, dist and the binary, unless the module's code is there. */
  readonly ignoredBuildOutputs: readonly string[];
  /** Paths `//go:embed` reads: .dockerignore keeps them in, whatever its other patterns say. */
  readonly embeddedPaths: readonly string[];
  /** Where the container targets go: the whole Makefile, or docker.mk next to the user's own Makefile. */
  readonly makefile: MakefileLayout;
  /** The workflow's file name in .github/workflows: container.yml next to the user's own workflows. */
  readonly workflowFile: WorkflowLayout;
  /** Prints go.mod's Go version (CI reads it), whether or not the user's Makefile includes docker.mk. */
  readonly goVersionCommand: string;
}

export function moduleContext(answers: Answers, detection: Detection | undefined): ModuleContext {
  const buildOutputs = [...new Set(['bin', 'dist', answers.name])];
  if (!detection) {
    return {
      existingModule: false,
      healthcheck: true,
      vendor: false,
      privateModules: false,
      cNeeds: [],
      ignoredBuildOutputs: buildOutputs,
      embeddedPaths: [],
      makefile: 'Makefile',
      workflowFile: 'ci.yml',
      goVersionCommand: 'make -s go-version',
    };
  }
  const embeds = detection.embeds.value;
  const holdsSource = (name: string): boolean =>
    detection.topLevelPackageDirs.includes(name) || embeds.some((path) => path === name || path.startsWith(`${name}/`));
  const vendor = detection.vendor.value;
  const makefile = detection.makefile.value;
  return {
    existingModule: true,
    healthcheck: false,
    vendor,
    privateModules: answers.goPrivate !== '' && !vendor,
    cNeeds: answers.cgo ? detection.cNeeds : [],
    ignoredBuildOutputs: buildOutputs.filter((name) => !holdsSource(name)),
    embeddedPaths: embeds,
    makefile,
    workflowFile: detection.workflow.value,
    goVersionCommand: makefile === 'docker.mk' ? 'make -s -f docker.mk go-version' : 'make -s go-version',
  };
}
