export * from './auth/roles.js';
export * from './auth/principal.js';
export * from './auth/permissions.js';
export * from './org/organisation-forms.js';
export * from './org/nhs-number.js';
export * from './org/ods-code.js';
export * from './errors.js';
