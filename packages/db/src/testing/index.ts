export * from './test-database.js';
export * from '../repositories/finance/finance-test-fixtures.js';
export * from './run-templates.js';
