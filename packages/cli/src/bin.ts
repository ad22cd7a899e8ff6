#!/usr/bin/env node
/**
 * @module bin
 * The `occhealth` binary: the only place that touches `process` and exits.
 */
import { run } from './program.js';

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Let pending writes to a pipe drain before exiting.
process.exitCode = code;
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
