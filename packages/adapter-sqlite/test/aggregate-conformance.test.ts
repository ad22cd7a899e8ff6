/**
 * @module test/aggregate-conformance
 * The core's aggregate conformance suite, unchanged, against the SQLite store's SQL pushdown.
 */
import { describeAggregateConformance } from '@occhealth/core/testing';
import { openSqliteStore } from '../src/index.js';

describeAggregateConformance(async () => openSqliteStore(':memory:'), { name: 'sqlite' });
