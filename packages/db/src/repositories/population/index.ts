export * from './code-lists.js';
export * from './coded-import.js';
export * from './frailty-scoring.js';
export * from './population.js';
export * from './stream-lines.js';
export * from './registers.js';
export * from './mcp-budget.js';
