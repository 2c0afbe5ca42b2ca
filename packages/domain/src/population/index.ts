export * from './efi-deficits.js';
export * from './frailty.js';
export * from './sctid.js';
export * from './code-list.js';
export * from './coded-records.js';
export * from './registers.js';
export * from './demo-coded.js';
