export * from './types.js';
export * from './random.js';
export * from './england-population.js';
export * from './forms.js';
export * from './plan.js';
export * from './list-sizes.js';
export { isUsableNhsSerial, nhsNumberOfSerial, nhsSerialStarts } from './patients.js';
export * from './access.js';
export * from './finance.js';
