import { describe, expect, it } from 'vitest';
import * as sqlite from '../src/index.js';

// Pins the public API of @occhealth/adapter-sqlite (see packages/core/test/exports.test.ts).
describe('public exports of @occhealth/adapter-sqlite', () => {
  it('main entry', () => {
    expect(Object.keys(sqlite).sort()).toMatchSnapshot();
  });
});
