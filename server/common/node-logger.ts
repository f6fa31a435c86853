import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { LogLevelSetting } from './app-config';

/**
 * Contexts of Nest's start-up report: a line per module and per route mapped, some fifty lines at every
 * start. They are logged at debug, so that LOG_LEVEL=debug shows them and the default log opens with the
 * node's own lines.
 */
const START_UP_REPORT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

const LEVELS: Record<LogLevelSetting, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** The streams a node logs to: stdout for everything up to warnings, stderr for errors (as ConsoleLogger). */
export interface LogStreams {
  stdout: { isTTY?: boolean };
  stderr: { isTTY?: boolean };
}

/**
 * Colour codes belong on a terminal: written to a file or a pipe they are noise (https://no-color.org
 * also lets a terminal's user turn them off).
 */
export function colourAllowed(streams: LogStreams, env: NodeJS.ProcessEnv): boolean {
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return streams.stdout.isTTY === true && streams.stderr.isTTY === true;
}

/** The node's logger: JSON lines or text, at the configured level, with Nest's start-up report at debug. */
export class NodeLogger extends ConsoleLogger {
  constructor(
    options: { format: 'json' | 'text'; level: LogLevelSetting },
    streams: LogStreams = process,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const json = options.format === 'json';
    super({ json, colors: !json && colourAllowed(streams, env), prefix: 'ballotchain', logLevels: LEVELS[options.level] });
  }

  override log(message: unknown, ...rest: unknown[]): void {
    // Nest's Logger passes its context as the last argument.
    const context = rest.at(-1);
    if (typeof context === 'string' && START_UP_REPORT.has(context)) {
      super.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }
}
