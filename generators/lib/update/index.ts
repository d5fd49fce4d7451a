export * from './generator-package.js';
export * from './merge.js';
export * from './plan.js';
export * from './project-config.js';
export * from './render.js';
export * from './update.js';
export * from './update-error.js';
export * from './version.js';
