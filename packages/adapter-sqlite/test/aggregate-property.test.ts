/**
 * The shared pushdown property (`@occhealth/core/testing`): on random data, evaluation through the
 * SQLite pushdown equals the core's in-memory evaluation, figure for figure.
 */
import { describePushdownProperty } from '@occhealth/core/testing';
import { openSqliteStore } from '../src/index.js';

describePushdownProperty(() => openSqliteStore(':memory:'), { name: 'sqlite' });
