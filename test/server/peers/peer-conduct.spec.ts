import { PeerConduct } from '../../../server/peers/peer-conduct';
import type { AppConfig } from '../../../server/common/app-config';
import { Clock } from '../../../server/common/clock';
import { Metrics } from '../../../server/common/metrics';

describe('PeerConduct', () => {
  const conduct = () => new PeerConduct({ peerBanSeconds: 3_600 } as AppConfig, new Clock(), new Metrics());

  it('knows where a peer named by address pushes from, and learns it for a peer named by a host name', async () => {
    const c = conduct();
    expect([...c.addressesOf('http://10.1.2.3:8000')]).toEqual(['10.1.2.3']);
    expect([...c.addressesOf('http://[::1]:8000')]).toEqual(['::1']);
    expect(c.addressesOf('http://localhost:8000').size).toBe(0);
    await c.learnAddresses('http://localhost:8000');
    expect([...c.addressesOf('http://localhost:8000')]).toContain('127.0.0.1');
  });

  it("refuses pushes from a banned peer's address, whatever name it is known by", async () => {
    const c = conduct();
    await c.learnAddresses('http://localhost:8001');
    expect(c.isBannedHost('127.0.0.1')).toBe(false);
    expect(c.penalise('http://localhost:8001', 'invalid-block', 'block 2 breaks a rule')).toBe(true);
    expect(c.isBannedHost('127.0.0.1')).toBe(true);
    expect(c.isBannedHost('::ffff:127.0.0.1')).toBe(true);
    expect(c.isBannedHost('10.9.9.9')).toBe(false);
    expect(c.ban('http://localhost:8001')).toMatchObject({ reason: 'invalid-block: block 2 breaks a rule' });
  });
});
