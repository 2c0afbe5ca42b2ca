export * from './mcp-budget.js';
export * from './mcp-input.js';
