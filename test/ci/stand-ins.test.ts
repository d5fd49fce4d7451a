/**
 * The stand-ins of the act suite (test/ci/stand-ins/README.md) must have the inputs and outputs of what they stand
 * in for, or a green act run here could be red on GitHub. Like test/e2e/base-images.test.ts for the base images,
 * each claim of the README is checked here. Needs what test/ci/setup/install-stand-ins.sh installs and the engine.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTIONS } from '../../generators/lib/actions.js';
import { TOOLS } from '../../generators/lib/tool-versions.js';
import { exec } from '../e2e/lib/exec.js';
import { localRepositories } from './lib/act.js';
import { startArtifactService } from './lib/artifact-service.js';
import { freePort } from './lib/loopback.js';
import { GITHUB_FILES, NODE24_BIN, sharedActionsDir, tool } from './lib/settings.js';

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

interface LockRow {
  readonly action: string;
  readonly tag: string;
  readonly commit: string;
}

function lockRows(): LockRow[] {
  return readFileSync(join(sharedActionsDir(), 'LOCK.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [action = '', tag = '', commit = ''] = line.split('\t');
      return { action, tag, commit };
    });
}

describe('the stand-ins of the act suite', function () {
  this.timeout(120_000);

  describe('the actions act runs', () => {
    it('are the releases the generated workflows pin, at the commits of LOCK.tsv', () => {
      const rows = lockRows();
      for (const pinned of Object.values(ACTIONS)) {
        const row = rows.find((candidate) => candidate.action === pinned.repository);
        assert.deepEqual(
          { tag: row?.tag, commit: row?.commit },
          { tag: pinned.version, commit: pinned.commit },
          `${pinned.repository} in generators/lib/actions.ts vs LOCK.tsv`,
        );
      }
    });

    it('each come from its snapshot, or from a dist/ built from that snapshot where it has none', () => {
      const repositories = localRepositories();
      for (const pinned of Object.values(ACTIONS)) {
        const entry = repositories.find((repository) =>
          repository.startsWith(`${pinned.repository}@${pinned.commit}=`),
        );
        assert.ok(entry, `no local repository for ${pinned.repository}@${pinned.commit}`);
        const dir = entry.split('=')[1]!;
        const action = readFileSync(join(dir, 'action.yml'), 'utf8');
        // action.yml files come with CRLF line ends too (actions/checkout's).
        for (const [, file] of action.matchAll(/^\s+(?:main|post): '?"?([^'"\r\n]+)/gm)) {
          assert.ok(readFileSync(join(dir, file!)).length > 0, `${pinned.repository}: ${file} is empty`);
        }
      }
    });
  });

  describe('moby/buildkit:buildx-stable-1', () => {
    const image = 'moby/buildkit:buildx-stable-1';

    it('runs buildkitd v0.34.2 as its entrypoint, with its state in the /var/lib/buildkit volume', () => {
      assert.equal(
        docker('image', 'inspect', '--format', '{{json .Config.Entrypoint}}', image),
        '["/usr/bin/buildkitd"]',
      );
      assert.match(docker('image', 'inspect', '--format', '{{json .Config.Volumes}}', image), /"\/var\/lib\/buildkit"/);
      assert.match(
        docker('run', '--rm', '--network', 'host', image, '--version'),
        /^buildkitd github\.com\/moby\/buildkit v0\.34\.2(\s|$)/,
      );
    });

    it('has buildctl of the same release and the runc the buildkit release pins (v1.5.2)', () => {
      const run = (binary: string, ...args: string[]): string =>
        docker('run', '--rm', '--network', 'host', '--entrypoint', binary, image, ...args);
      assert.match(run('/usr/bin/buildctl', '--version'), /^buildctl github\.com\/moby\/buildkit v0\.34\.2(\s|$)/);
      assert.match(run('/usr/bin/runc', '--version'), /^runc version 1\.5\.2$/m);
    });

    it('has a runc with seccomp, so RUN steps start under the profile buildkitd gives them', () => {
      const features = docker('run', '--rm', '--network', 'host', '--entrypoint', '/usr/bin/runc', image, 'features');
      const seccomp = (JSON.parse(features) as { linux: { seccomp?: { enabled?: boolean } } }).linux.seccomp;
      assert.equal(seccomp?.enabled, true, features);
    });
  });

  describe('hadolint-action, a Docker action', () => {
    it('runs from a copy of its snapshot that differs only in the mode git records: hadolint.sh executable', () => {
      const snapshot = join(sharedActionsDir(), 'hadolint/hadolint-action@v3.3.0');
      const entry = localRepositories().find((repository) => repository.startsWith('hadolint/hadolint-action@'));
      const copy = entry!.split('=')[1]!;
      assert.equal(statSync(join(copy, 'hadolint.sh')).mode & 0o111, 0o111, 'hadolint.sh is executable');
      const differences = execFileSync('diff', ['-r', '--exclude=.built', snapshot, copy], { encoding: 'utf8' });
      assert.equal(differences, '');
      assert.match(
        readFileSync(join(copy, 'Dockerfile'), 'utf8'),
        /^ENTRYPOINT \[ "\/usr\/local\/bin\/hadolint\.sh" \]$/m,
      );
    });
  });

  describe('ghcr.io/hadolint/hadolint:v2.14.0-debian', () => {
    const image = 'ghcr.io/hadolint/hadolint:v2.14.0-debian';

    it('is the image hadolint-action v3.3.0 builds FROM', () => {
      const dockerfile = readFileSync(join(sharedActionsDir(), 'hadolint/hadolint-action@v3.3.0/Dockerfile'), 'utf8');
      assert.match(dockerfile, new RegExp(`^FROM ${image.replaceAll('.', '\\.')}$`, 'm'));
    });

    it('has hadolint 2.14.0 at /bin/hadolint and the bash its entrypoint script needs', () => {
      const run = (...args: string[]): string => docker('run', '--rm', '--network', 'host', '--entrypoint', ...args);
      assert.match(run('/bin/hadolint', image, '--version'), /Haskell Dockerfile Linter 2\.14\.0/);
      assert.match(run('/bin/bash', image, '-c', 'echo "$BASH_VERSION"'), /^5\./);
    });

    it('starts as the real image does: no entrypoint, CMD /bin/hadolint - (reads a Dockerfile on stdin)', () => {
      assert.equal(docker('image', 'inspect', '--format', '{{json .Config.Entrypoint}}', image), 'null');
      assert.equal(docker('image', 'inspect', '--format', '{{json .Config.Cmd}}', image), '["/bin/hadolint","-"]');
    });

    it('finds what hadolint finds: DL3007 in a FROM of :latest, by its CMD and as `hadolint -`', () => {
      const lint = (command: string): string =>
        execFileSync(
          'sh',
          ['-c', `printf 'FROM debian:latest\\n' | docker run --rm -i --network host ${image} ${command} || true`],
          { encoding: 'utf8' },
        );
      assert.match(lint(''), /DL3007/);
      assert.match(lint('hadolint -'), /DL3007/);
    });
  });

  describe("GitHub's artifact service: act's server behind its front (lib/artifact-service.ts)", () => {
    /** Two jobs: one uploads a file with the pinned upload-artifact, the next downloads it as the native layout does. */
    const carry = async (front: boolean): Promise<string> => {
      const dir = mkdtempSync(join(tmpdir(), 'ci-artifacts-'));
      mkdirSync(join(dir, '.github/workflows'), { recursive: true });
      writeFileSync(
        join(dir, '.github/workflows/carry.yml'),
        [
          'name: carry',
          'on: push',
          'jobs:',
          '  up:',
          '    runs-on: ubuntu-24.04',
          '    steps:',
          '      - run: mkdir -p digests && echo sha256:0123 > digests/amd64',
          `      - uses: ${ACTIONS.uploadArtifact.repository}@${ACTIONS.uploadArtifact.commit}`,
          '        with: { name: digests-linux-amd64, path: digests/* }',
          '  down:',
          '    needs: up',
          '    runs-on: ubuntu-24.04',
          '    steps:',
          `      - uses: ${ACTIONS.downloadArtifact.repository}@${ACTIONS.downloadArtifact.commit}`,
          '        with: { pattern: digests-*, path: got, merge-multiple: true }',
          '      - run: test "$(cat got/amd64)" = sha256:0123',
          '',
        ].join('\n'),
      );
      execFileSync('git', ['init', '--quiet'], { cwd: dir });
      const actPort = await freePort();
      const service = front ? await startArtifactService(actPort) : undefined;
      try {
        const ran = await exec(
          tool('act'),
          [
            'push',
            '-P',
            'ubuntu-24.04=-self-hosted',
            '--action-offline-mode',
            ...localRepositories().flatMap((repository) => ['--local-repository', repository]),
            '--artifact-server-addr',
            '127.0.0.1',
            '--artifact-server-port',
            String(actPort),
            '--artifact-server-path',
            join(dir, '.artifacts'),
          ],
          {
            cwd: dir,
            env: {
              ...process.env,
              PATH: `${NODE24_BIN}:${process.env['PATH'] ?? ''}`,
              ...(service ? { ACTIONS_RUNTIME_URL: service.url } : {}),
            },
            timeoutMs: 5 * 60_000,
          },
        );
        return ran.output;
      } finally {
        await service?.stop();
      }
    };

    it('carries an artifact from one job to the next, as the native layout passes its digests to the merge job', async () => {
      const output = await carry(true);
      assert.match(output, /Success - Main test "\$\(cat got\/amd64\)" = sha256:0123/, output);
    });

    it("is needed: act's server alone refuses upload-artifact v7 (the harness goes red without the front)", async () => {
      const output = await carry(false);
      assert.match(output, /unknown field \\?"mime_type\\?"/, output);
      assert.match(output, /Failure - Main actions\/upload-artifact/, output);
    });
  });

  describe("golangci-lint's release archive", () => {
    const version = TOOLS.golangciLint.version;
    const name = `golangci-lint-${version.slice(1)}-linux-amd64`;
    const archive = join(GITHUB_FILES, `golangci/golangci-lint/releases/download/${version}/${name}.tar.gz`);

    it(`is laid out as the ${version} release (${name}/golangci-lint), where golangci-lint-action looks`, () => {
      const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n');
      assert.ok(listing.includes(`${name}/golangci-lint`), listing.join(' '));
    });

    it(`holds golangci-lint ${version}, the version of TOOLS.golangciLint`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'golangci-lint-'));
      execFileSync('tar', ['-xzf', archive, '-C', dir]);
      const out = execFileSync(join(dir, name, 'golangci-lint'), ['version'], { encoding: 'utf8' });
      assert.match(out, new RegExp(`has version v?${version.slice(1).replaceAll('.', '\\.')} `));
    });
  });
});
