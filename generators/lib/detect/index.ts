export * from './cgo.js';
export * from './detect.js';
export * from './finding.js';
export * from './go-mod.js';
export * from './go-private.js';
export * from './go-source.js';
export * from './layout.js';
export { constraintHolds, inLinuxBuild } from './build-constraints.js';
export * from './report.js';
