/**
 * @module parties
 * Institutions, departments and contacts.
 */
export * from './parties.js';
