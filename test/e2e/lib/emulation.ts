/**
 * Switches the kernel's arm64 emulation (binfmt_misc qemu-aarch64) off for the length of a function, to prove
 * that a build runs no arm64 code at all. It is machine-wide: always switched back on, also if the process
 * exits early.
 */
import { writeFileSync } from 'node:fs';
import { arm64EmulationEnabled, QEMU_AARCH64 } from './engine.js';

let switchedOff = false;

function switchOn(): void {
  if (!switchedOff) return;
  writeFileSync(QEMU_AARCH64, '1');
  switchedOff = false;
}

process.on('exit', switchOn);

export async function withoutArm64Emulation<T>(work: () => Promise<T>): Promise<T> {
  if (!arm64EmulationEnabled()) throw new Error(`${QEMU_AARCH64} is not enabled to begin with`);
  writeFileSync(QEMU_AARCH64, '0');
  switchedOff = true;
  try {
    if (arm64EmulationEnabled()) throw new Error(`cannot switch ${QEMU_AARCH64} off`);
    return await work();
  } finally {
    switchOn();
    // Deliberate: a machine left without arm64 emulation must fail the run, whatever `work` did.
    // oxlint-disable-next-line no-unsafe-finally
    if (!arm64EmulationEnabled()) throw new Error(`${QEMU_AARCH64} did not come back on`);
  }
}
