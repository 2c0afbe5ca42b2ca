export * from './run.js';
export * from './program.js';
// The coded-data import as `atscale import clinical` runs it, for the population benchmark.
export { importClinicalFiles } from './commands/import-clinical.js';
