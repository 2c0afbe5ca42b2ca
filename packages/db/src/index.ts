export * from './database.js';
export * from './pglite-database.js';
export * from './postgres-database.js';
export * from './open-database.js';
export * from './migrate.js';
export * from './scope.js';
export * from './repositories/index.js';
export * from './demo/seed-demo.js';
