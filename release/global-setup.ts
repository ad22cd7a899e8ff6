import { ensureBuilt } from './workspace.js';

/** Builds stale packages once before the release checks read `dist/`. */
export default function setup(): void {
  ensureBuilt();
}
