import { describe, expect, it } from 'vitest';
import * as cli from '../src/index.js';

// Pins the public API: adding or removing an export must be a deliberate change to this snapshot
// (and a changeset), never an accident of an internal refactor.
describe('public exports of @occhealth/cli', () => {
  it('main entry', () => {
    expect(Object.keys(cli).sort()).toMatchSnapshot();
  });
  it('exports no undefined value (a re-export of a missing name)', () => {
    for (const [name, value] of Object.entries(cli)) expect(value, name).toBeDefined();
  });
});
