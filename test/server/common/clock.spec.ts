import { Clock } from '../../../server/common/clock';
import { ConfigError, loadConfig } from '../../../server/common/load-config';

describe('Clock and CLOCK_OFFSET_SECONDS', () => {
  it('runs ahead or behind the machine clock by the configured offset', () => {
    const before = Date.now() / 1000;
    const ahead = new Clock(90).nowSeconds();
    const behind = new Clock(-30).nowSeconds();
    const after = Date.now() / 1000;
    expect(ahead).toBeGreaterThanOrEqual(before + 90);
    expect(ahead).toBeLessThanOrEqual(after + 90);
    expect(behind).toBeGreaterThanOrEqual(before - 30);
    expect(behind).toBeLessThanOrEqual(after - 30);
  });

  it('is read from the environment, zero by default, and refused outside an hour', () => {
    expect(loadConfig({}).clockOffsetSeconds).toBe(0);
    expect(loadConfig({ CLOCK_OFFSET_SECONDS: '-120' }).clockOffsetSeconds).toBe(-120);
    expect(() => loadConfig({ CLOCK_OFFSET_SECONDS: '3601' })).toThrow(ConfigError);
    expect(() => loadConfig({ CLOCK_OFFSET_SECONDS: 'soon' })).toThrow(/CLOCK_OFFSET_SECONDS must be an integer/);
  });
});
