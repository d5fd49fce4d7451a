/**
 * Root hooks of the end-to-end suite (loaded by test/e2e/.mocharc.json): at the end of the run, remove the
 * containers, images and directories the tests made. E2E_KEEP=1 keeps them, to look at after a failure.
 */
import { removeBuiltImages } from './built-images.js';
import { removeStartedContainers } from './container.js';
import { removeScratchDirs, scratchDirs } from './project.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    if (process.env['E2E_KEEP']) {
      console.log(`E2E_KEEP is set: kept ${scratchDirs.length} directories:\n  ${scratchDirs.join('\n  ')}`);
      return;
    }
    await removeStartedContainers();
    await removeBuiltImages();
    removeScratchDirs();
  },
};
