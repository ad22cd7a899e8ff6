/**
 * @module progress
 * A progress bar on stderr (cli-progress, loaded only on a terminal): rows done, rows/s and ETA.
 */
import type { CliLang, CommandContext } from './context.js';

/** A running progress bar. */
export interface Progress {
  /** Set the rows done. */
  update(done: number): void;
  /** Finish the bar. */
  stop(): void;
}

/**
 * Start a progress bar of `total` rows (0: unknown, no ETA) on a terminal stderr; undefined when
 * stderr is not a terminal (scripts and logs get only the summary).
 */
export async function startProgress(
  ctx: CommandContext,
  lang: CliLang,
  total: number,
  units: { readonly zh: string; readonly en: string } = { zh: '行', en: 'rows' },
): Promise<Progress | undefined> {
  if (!ctx.stderr.isTTY) return undefined;
  const { SingleBar } = (await import('cli-progress')).default;
  const unit = units[lang];
  const format =
    total > 0
      ? `{bar} {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`
      : `{value} ${unit} | {speed} ${unit}/s`;
  const bar = new SingleBar({
    format,
    stream: ctx.stderr as NodeJS.WritableStream,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
  });
  const started = performance.now();
  bar.start(total > 0 ? total : 1, 0, { speed: 0 });
  return {
    update(done) {
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { speed: Math.round(done / Math.max(seconds, 1e-3)) });
    },
    stop() {
      bar.stop();
    },
  };
}
