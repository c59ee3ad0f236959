/** The provider table, its selection and its adapters: everything provider-specific lives here. */
export * from './profile.js';
export { PROFILES, profileOf } from './table.js';
export * from './select.js';
export * from './capabilities.js';
