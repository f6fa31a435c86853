import { Logger } from '@nestjs/common';
import { colourAllowed, type LogStreams, NodeLogger } from '../../../server/common/node-logger';

const TTY: LogStreams = { stdout: { isTTY: true }, stderr: { isTTY: true } };
const FILE: LogStreams = { stdout: {}, stderr: {} };
const ESC = '\u001b[';

/** What the logger writes to stdout and stderr while `run` runs, as text. */
function written(run: () => void): string {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return chunks.join('');
}

describe('colourAllowed', () => {
  it.each([
    ['both streams on a terminal', TTY, {}, true],
    ['stdout to a file', { stdout: {}, stderr: { isTTY: true } }, {}, false],
    ['stderr to a file', { stdout: { isTTY: true }, stderr: {} }, {}, false],
    ['both to a file', FILE, {}, false],
    ['a terminal, NO_COLOR=1', TTY, { NO_COLOR: '1' }, false],
    ['a terminal, NO_COLOR empty (unset, as no-color.org says)', TTY, { NO_COLOR: '' }, true],
  ])('%s', (_what, streams, env, expected) => {
    expect(colourAllowed(streams, env)).toBe(expected);
  });
});

describe('NodeLogger', () => {
  it('writes text without colour codes when the output is not a terminal', () => {
    const logger = new NodeLogger({ format: 'text', level: 'log' }, FILE, {});
    const text = written(() => {
      logger.log({ msg: 'node started' }, 'Main');
      logger.warn('a warning', 'Main');
      logger.error('an error', undefined, 'Main');
    });
    expect(text).toContain('node started');
    expect(text).toContain('an error');
    expect(text).not.toContain(ESC);
  });

  it('colours text on a terminal, unless NO_COLOR is set', () => {
    const line = (env: NodeJS.ProcessEnv) => written(() => new NodeLogger({ format: 'text', level: 'log' }, TTY, env).log('hello', 'Main'));
    expect(line({})).toContain(ESC);
    expect(line({ NO_COLOR: '1' })).not.toContain(ESC);
  });

  it('writes JSON lines without colour codes, even on a terminal', () => {
    const text = written(() => new NodeLogger({ format: 'json', level: 'log' }, TTY, {}).log({ msg: 'node started' }, 'Main'));
    expect(text).not.toContain(ESC);
    expect(JSON.parse(text)).toMatchObject({ level: 'log', context: 'Main', message: { msg: 'node started' } });
  });

  it.each(['RoutesResolver', 'RouterExplorer', 'InstanceLoader'])(
    'logs what Nest reports from %s at debug: not at the default level, shown with LOG_LEVEL=debug',
    (context) => {
      const report = (level: 'log' | 'debug') =>
        written(() => {
          // As Nest itself logs it: a Logger with its context, through the application's logger.
          const nest = new Logger(context);
          Logger.overrideLogger(new NodeLogger({ format: 'json', level }, FILE, {}));
          nest.log('Mapped {/health, GET} route');
          Logger.overrideLogger(false);
        });
      expect(report('log')).toBe('');
      expect(JSON.parse(report('debug'))).toMatchObject({ level: 'debug', context, message: 'Mapped {/health, GET} route' });
    },
  );

  it('keeps the node’s own lines, and warnings from those contexts, at their level', () => {
    const text = written(() => {
      const logger = new NodeLogger({ format: 'json', level: 'log' }, FILE, {});
      logger.log({ msg: 'election opened' }, 'Main');
      logger.warn('a warning', 'RouterExplorer');
    });
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; context: string });
    expect(lines.map((l) => [l.level, l.context])).toEqual([
      ['log', 'Main'],
      ['warn', 'RouterExplorer'],
    ]);
  });

  it('writes only errors with LOG_LEVEL=error', () => {
    const text = written(() => {
      const logger = new NodeLogger({ format: 'json', level: 'error' }, FILE, {});
      logger.log('a line', 'Main');
      logger.warn('a warning', 'Main');
      logger.error('an error', undefined, 'Main');
    });
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { level: string }).level),
    ).toEqual(['error']);
  });
});
