export * from './run.js';
export * from './program.js';
