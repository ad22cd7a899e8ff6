/**
 * @module test/helpers
 * Fixture paths of the adapter tests. (Table snapshots for crash-safety checks come from
 * `snapshotTables` of `@occhealth/core/testing`, which derives the tables from the registry.)
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of a fixture file. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
