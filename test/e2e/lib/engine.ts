/**
 * The end-to-end tests need a Docker engine that builds multi-platform images (containerd image store, buildx),
 * runs arm64 under QEMU, and holds the stand-in base images (no registry is reachable, nothing is pulled). When
 * any of it is missing, the tests FAIL with the command that fixes it: a skipped e2e suite would read as green.
 */
import { readFileSync } from 'node:fs';
import { exec } from './exec.js';

const SETUP =
  'Set it up with test/e2e/setup/install-engine.sh (engine, buildx, QEMU) and then ' +
  'test/e2e/setup/build-base-images.sh (the stand-in base images), both as root.';

export const QEMU_AARCH64 = '/proc/sys/fs/binfmt_misc/qemu-aarch64';

/** Whether the kernel currently hands arm64 binaries to QEMU. */
export function arm64EmulationEnabled(): boolean {
  try {
    return readFileSync(QEMU_AARCH64, 'utf8').split('\n')[0] === 'enabled';
  } catch {
    return false;
  }
}

async function checkEngine(): Promise<void> {
  const info = await exec('docker', ['info', '--format', '{{.Driver}}']);
  if (info.code !== 0) throw new Error(`no Docker engine answers \`docker info\`: ${info.stderr.trim()}\n${SETUP}`);
  if (info.stdout.trim() !== 'overlayfs') {
    throw new Error(
      `the engine does not use the containerd image store (storage driver "${info.stdout.trim()}"), so it cannot ` +
        `load a multi-platform image.\n${SETUP}`,
    );
  }
  const buildx = await exec('docker', ['buildx', 'version']);
  if (buildx.code !== 0) throw new Error(`docker buildx is missing: ${buildx.stderr.trim()}\n${SETUP}`);
  if (!arm64EmulationEnabled()) throw new Error(`arm64 emulation (${QEMU_AARCH64}) is not enabled.\n${SETUP}`);
}

let engine: Promise<void> | undefined;
const checkedImages = new Map<string, Promise<void>>();

/** Fails, with how to fix it, unless the engine is usable and every image given is in its store. */
export async function requireEngine(images: readonly string[] = []): Promise<void> {
  engine ??= checkEngine();
  await engine;
  await Promise.all(
    images.map((image) => {
      let checked = checkedImages.get(image);
      if (!checked) {
        checked = exec('docker', ['image', 'inspect', '--format', '{{.Id}}', image]).then((ran) => {
          if (ran.code !== 0) throw new Error(`the image ${image} is not in the engine's store.\n${SETUP}`);
        });
        checkedImages.set(image, checked);
      }
      return checked;
    }),
  );
}
