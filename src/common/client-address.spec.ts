import type { IncomingMessage } from 'node:http';
import { clientAddress, trustProxy } from './client-address';

/** A request as Node hands it over: the socket's peer and the headers it sent. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  } as unknown as IncomingMessage;
}

// Addresses are data here: documentation ranges (RFC 5737) and private ranges, never dialled.
const PEER = '10.0.0.5';
const CHAIN = '198.51.100.1, 203.0.113.9, 10.0.0.4';

describe(clientAddress.name, () => {
  describe('a hop count', () => {
    it('0 (the default) believes no header: the socket peer is the client', () => {
      expect(clientAddress(request(PEER, CHAIN), trustProxy(0))).toBe(PEER);
    });

    it('1 believes the nearest hop only: the last entry of X-Forwarded-For', () => {
      expect(clientAddress(request(PEER, CHAIN), trustProxy(1))).toBe(
        '10.0.0.4',
      );
    });

    it('2 walks one entry further back, and never past the first entry', () => {
      expect(clientAddress(request(PEER, CHAIN), trustProxy(2))).toBe(
        '203.0.113.9',
      );
      expect(clientAddress(request(PEER, CHAIN), trustProxy(10))).toBe(
        '198.51.100.1',
      );
    });

    it('without X-Forwarded-For is the socket peer whatever the count', () => {
      expect(clientAddress(request(PEER), trustProxy(3))).toBe(PEER);
    });
  });

  describe('a list of addresses and ranges', () => {
    const trust = trustProxy(['10.0.0.0/8']);

    it('skips every trusted hop and answers the nearest untrusted one', () => {
      expect(clientAddress(request(PEER, CHAIN), trust)).toBe('203.0.113.9');
    });

    it('believes nothing from a peer outside the list', () => {
      expect(clientAddress(request('192.0.2.20', CHAIN), trust)).toBe(
        '192.0.2.20',
      );
    });

    it('knows proxy-addr range names such as loopback', () => {
      expect(
        clientAddress(
          request('127.0.0.1', '203.0.113.9'),
          trustProxy(['loopback']),
        ),
      ).toBe('203.0.113.9');
    });
  });
});
