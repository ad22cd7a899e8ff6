import { describe, expect, it } from 'vitest';
import * as demo from '../src/demo.js';
import * as core from '../src/index.js';
import * as regionsCn from '../src/regions-cn.js';
import * as testing from '../src/testing.js';

// Pins the public API: adding or removing an export must be a deliberate change to this snapshot
// (and a changeset), never an accident of an internal refactor.
describe('public exports of @occhealth/core', () => {
  it('main entry', () => {
    expect(Object.keys(core).sort()).toMatchSnapshot();
  });
  it('@occhealth/core/testing', () => {
    expect(Object.keys(testing).sort()).toMatchSnapshot();
  });
  it('@occhealth/core/regions-cn', () => {
    expect(Object.keys(regionsCn).sort()).toMatchSnapshot();
  });
  it('@occhealth/core/demo', () => {
    expect(Object.keys(demo).sort()).toMatchSnapshot();
  });
  it('exports no undefined value (a re-export of a missing name)', () => {
    for (const [name, value] of Object.entries(core)) expect(value, name).toBeDefined();
  });
});
