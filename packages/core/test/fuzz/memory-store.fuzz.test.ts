/** Hostile rows thrown at MemoryStore.write (see ./hostile.ts for what each case asserts). */
import { describe } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { registerHostileWrites } from './hostile.js';

describe('fuzz: MemoryStore.write', () => {
  registerHostileWrites({ makeStore: async () => new MemoryStore() });
});
