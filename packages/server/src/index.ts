export * from './app.js';
export * from './app-types.js';
export * from './config.js';
export * from './auth/passwords.js';
export * from './serve.js';
export * from './logging.js';
