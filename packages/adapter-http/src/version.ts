/**
 * @module version
 * The package version (a test keeps it equal to package.json's).
 */

/** Version of `@occhealth/adapter-http`. */
export const VERSION = '0.0.0';
