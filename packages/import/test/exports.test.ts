import { describe, expect, it } from 'vitest';
import * as importer from '../src/index.js';

// Pins the public API of @occhealth/import (see packages/core/test/exports.test.ts).
describe('public exports of @occhealth/import', () => {
  it('main entry', () => {
    expect(Object.keys(importer).sort()).toEqual([
      'COLUMNS',
      'REQUIRED_COLUMNS',
      'importFile',
      'importText',
    ]);
  });
});
