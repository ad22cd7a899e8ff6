/**
 * The shared pushdown property (`@occhealth/core/testing`): on random data, evaluation through the
 * PostgreSQL pushdown equals the core's in-memory evaluation, figure for figure.
 */
import { describePushdownProperty } from '@occhealth/core/testing';
import { freshStore, withPostgres } from './pg.js';

withPostgres(() => describePushdownProperty(freshStore, { name: 'postgres' }));
