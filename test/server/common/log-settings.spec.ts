import { CONFIG_HELP } from '../../../server/common/config-help';
import { ConfigError, loadConfig } from '../../../server/common/load-config';

/** The problems a refused configuration names. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('the configuration was accepted');
}

describe('LOG_LEVEL and LOG_FORMAT', () => {
  it('default to log and json', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'log', logFormat: 'json' });
  });

  it.each(['error', 'warn', 'log', 'debug', 'verbose'] as const)('take LOG_LEVEL=%s', (level) => {
    expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it('refuse a level they do not know, naming the ones they do', () => {
    expect(problemsOf({ LOG_LEVEL: 'info' })).toEqual(['LOG_LEVEL must be one of error, warn, log, debug, verbose, got "info"']);
  });
});

describe('--help', () => {
  it('speaks of the demo election, not of a seed a newcomer does not know, and says how to start afresh', () => {
    expect(CONFIG_HELP).not.toMatch(/seed/i);
    expect(CONFIG_HELP).toContain("open-demo  the demo election's voters in an open election");
    expect(CONFIG_HELP).toContain('a new DATA_DIR, or an empty one, starts a new election');
    expect(CONFIG_HELP).toMatch(/LOG_LEVEL/);
    expect(CONFIG_HELP).toMatch(/NO_COLOR/);
  });
});
