#!/usr/bin/env node
/**
 * @module bin
 * The `occhealth` binary: the only place that touches `process` and exits.
 */
import { run } from './program.js';

// `occhealth plans | head`: a closed pipe ends the output quietly, as other Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Asked for only by a command that serves, so Ctrl-C ends any other command as usual.
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }),
});
// Let pending writes to a pipe drain before exiting.
process.exitCode = code;
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
