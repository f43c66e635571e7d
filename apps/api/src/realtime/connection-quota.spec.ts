import { Socket } from 'socket.io';
import { ConnectionQuota, clientIp } from './connection-quota';

const socket = (address: string, forwarded?: string) => ({ handshake: { address, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} } }) as unknown as Socket;

describe('ConnectionQuota', () => {
  it('allows up to `max` sockets per key and frees a slot on removal', () => {
    const quota = new ConnectionQuota(2);
    const [a, b, c] = [socket('1.1.1.1'), socket('1.1.1.1'), socket('2.2.2.2')];
    quota.add(a, 'k');
    expect(quota.allows('k')).toBe(true);
    quota.add(b, 'k');
    expect(quota.allows('k')).toBe(false);
    expect(quota.allows('other')).toBe(true);
    quota.remove(a);
    quota.remove(a); // twice: counted once
    quota.remove(c); // never added
    expect(quota.count('k')).toBe(1);
    expect(quota.allows('k')).toBe(true);
  });

  it('reads X-Forwarded-For by the TRUST_PROXY rule HTTP uses: only entries added by trusted proxies are skipped', () => {
    expect(clientIp(socket('10.0.0.1', '203.0.113.7'), false)).toBe('10.0.0.1');
    // One trusted hop: the proxy's own entry names the client; what the client wrote before it is not believed.
    expect(clientIp(socket('10.0.0.1', '198.51.100.9, 203.0.113.7'), { hops: 1 })).toBe('203.0.113.7');
    expect(clientIp(socket('10.0.0.1'), { hops: 1 })).toBe('10.0.0.1');
    // Trusted addresses: a peer that is not one of them is the client, whatever it forwards.
    expect(clientIp(socket('192.0.2.5', '203.0.113.7'), { addresses: ['10.0.0.0/8'] })).toBe('192.0.2.5');
    expect(clientIp(socket('10.0.0.1', '198.51.100.9, 203.0.113.7'), { addresses: ['10.0.0.0/8'] })).toBe('203.0.113.7');
  });
});
