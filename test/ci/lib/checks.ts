/** What a case's run must leave in the registry, read through the registry's own API. */
import assert from 'node:assert/strict';
import { type ActRun } from './act.js';
import { COMMIT_DATE } from './project.js';
import { type Descriptor, type RegistryView } from './run-case.js';

export function assertAllJobsGreen(act: ActRun, expectedJobs: readonly string[], logFile: string): void {
  const failed = act.steps.filter((step) => step.result === 'failure').map((step) => `${step.job} / ${step.step}`);
  assert.deepEqual(failed, [], `failed steps (log: ${logFile})`);
  assert.deepEqual(Object.keys(act.jobs).sort(), [...expectedJobs].sort(), `jobs that ran (log: ${logFile})`);
  for (const [job, result] of Object.entries(act.jobs)) assert.equal(result, 'success', `${job} (log: ${logFile})`);
  assert.equal(act.ran.code, 0, `act exit code (log: ${logFile})`);
}

const isAttestationManifest = (descriptor: Descriptor): boolean =>
  descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest';

/**
 * The tag points at one multi-platform index holding linux/amd64 and linux/arm64, each with BuildKit's attestation
 * manifest (SLSA provenance and an SPDX SBOM), dated by the commit, not by the run, and labelled (index annotation,
 * each image's config label) with `version`: the VERSION make computes for the commit, which CI built with.
 */
export async function assertMultiPlatformIndex(registry: RegistryView, tag: string, version: string): Promise<string> {
  const index = await registry.manifest(tag);
  assert.equal(index.mediaType, 'application/vnd.oci.image.index.v1+json', `${tag} is not an index`);
  const images = (index.json.manifests ?? []).filter((descriptor) => !isAttestationManifest(descriptor));
  assert.deepEqual(
    images.map((descriptor) => `${descriptor.platform?.os}/${descriptor.platform?.architecture}`).sort(),
    ['linux/amd64', 'linux/arm64'],
  );
  const attestations = (index.json.manifests ?? []).filter(isAttestationManifest);
  assert.deepEqual(
    attestations.map((descriptor) => descriptor.annotations?.['vnd.docker.reference.digest']).sort(),
    images.map((descriptor) => descriptor.digest).sort(),
    'an attestation manifest for each platform',
  );
  const predicates = new Set<string>();
  for (const attestation of attestations) {
    const manifest = await registry.manifest(attestation.digest);
    for (const layer of manifest.json.layers ?? [])
      predicates.add(layer.annotations?.['in-toto.io/predicate-type'] ?? '');
  }
  assert.ok(
    [...predicates].some((type) => type.startsWith('https://slsa.dev/provenance/')),
    [...predicates].join(),
  );
  assert.ok(predicates.has('https://spdx.dev/Document'), `no SBOM: ${[...predicates].join()}`);
  assert.equal(index.json.annotations?.['org.opencontainers.image.created'], COMMIT_DATE);
  assert.equal(index.json.annotations?.['org.opencontainers.image.version'], version, 'version annotation');
  for (const image of images) {
    const manifest = await registry.manifest(image.digest);
    const config = JSON.parse(await registry.blob(manifest.json.config!.digest)) as {
      created?: string;
      config?: { Labels?: Record<string, string> };
    };
    assert.equal(config.config?.Labels?.['org.opencontainers.image.created'], COMMIT_DATE, 'created label');
    assert.equal(config.config?.Labels?.['org.opencontainers.image.version'], version, 'version label');
  }
  return index.digest;
}

interface InTotoStatement {
  readonly predicateType: string;
  readonly subject: readonly { name: string; digest: Record<string, string> }[];
  readonly predicate: { buildDefinition?: { resolvedDependencies?: readonly { digest?: { gitCommit?: string } }[] } };
}

/** actions/attest pushed a Sigstore bundle of SLSA provenance for exactly this digest, as an OCI referrer. */
export async function assertSignedProvenance(
  registry: RegistryView,
  image: string,
  digest: string,
  sha: string,
): Promise<void> {
  const referrers = (await registry.referrers(digest)).manifests ?? [];
  const bundles = referrers.filter((descriptor) =>
    descriptor.artifactType?.startsWith('application/vnd.dev.sigstore.bundle'),
  );
  assert.equal(bundles.length, 1, `sigstore bundles referring to ${digest}: ${JSON.stringify(referrers)}`);
  const manifest = await registry.manifest(bundles[0]!.digest);
  const bundle = JSON.parse(await registry.blob(manifest.json.layers![0]!.digest)) as {
    dsseEnvelope: { payload: string; signatures: readonly { sig: string }[] };
    verificationMaterial: { certificate?: { rawBytes: string }; tlogEntries?: readonly unknown[] };
  };
  assert.ok(bundle.dsseEnvelope.signatures[0]?.sig, 'the envelope is signed');
  assert.ok(bundle.verificationMaterial.certificate?.rawBytes, 'with a certificate for the workflow identity');
  assert.equal(bundle.verificationMaterial.tlogEntries?.length, 1, 'logged in the transparency log');
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()) as InTotoStatement;
  assert.equal(statement.predicateType, 'https://slsa.dev/provenance/v1');
  assert.deepEqual(statement.subject, [{ name: image, digest: { sha256: digest.replace('sha256:', '') } }]);
  assert.equal(statement.predicate.buildDefinition?.resolvedDependencies?.[0]?.digest?.gitCommit, sha);
}

const RESTORE_STEP = "Restore Go's module and build caches into the builder";
const UNITS: Readonly<Record<string, number>> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };

/**
 * How many bytes of Go's caches the restore step brought into the builder: the size of the layer BuildKit took
 * from the gha cache for go-caches.Dockerfile's `caches` stage (its progress line `#N sha256:… 60.1MB / 60.1MB`,
 * where `#N` is that stage's RUN), 0 when it ran instead of coming from the cache. A run whose save step saved
 * empty caches restores a layer of some hundred bytes.
 */
export function restoredGoCachesBytes(act: ActRun): number {
  const lines = act.ran.stdout.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { step?: string; msg?: string };
      return entry.step === RESTORE_STEP && entry.msg ? [entry.msg] : [];
    } catch {
      return [];
    }
  });
  const vertex = lines.map((msg) => /^(#[0-9]+) \[caches 2\/2\] RUN /.exec(msg)?.[1]).find(Boolean);
  if (!vertex) return 0;
  const sizes = lines.flatMap((msg) => {
    const match = new RegExp(`^${vertex} sha256:[0-9a-f]+ ([0-9.]+)([kKMG]?B) / `).exec(msg);
    return match ? [Number(match[1]) * (UNITS[match[2] ?? 'B'] ?? 1)] : [];
  });
  return Math.max(0, ...sizes);
}
