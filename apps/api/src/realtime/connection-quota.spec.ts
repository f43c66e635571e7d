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

  it('takes the first X-Forwarded-For address only behind a trusted proxy', () => {
    expect(clientIp(socket('10.0.0.1', '203.0.113.7, 10.0.0.1'), true)).toBe('203.0.113.7');
    expect(clientIp(socket('10.0.0.1', '203.0.113.7'), false)).toBe('10.0.0.1');
    expect(clientIp(socket('10.0.0.1'), true)).toBe('10.0.0.1');
  });
});
