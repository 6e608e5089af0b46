import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodePushSender } from '../../src/notifications/node-sender.js';

// A wave sends its batches of 100 to one push service at once: the connections a batch opened
// are kept for the next one, not closed and opened again (a TLS handshake each, in production).
let server: http.Server;
let connections = 0;
let origin = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(201).end(), 5));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("node:http push sender's connections", () => {
  it('two batches of 100 to one service open 100 connections, not 100 and then 84 more', async () => {
    const sender = nodePushSender(5_000);
    const batch = () =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          sender.send({
            endpoint: `${origin}/push/${i}`,
            headers: { ttl: '60' },
            body: new Uint8Array(10),
          }),
        ),
      );
    try {
      const first = await batch();
      expect(first.every((r) => r.status === 201)).toBe(true);
      expect(connections).toBe(100);
      const second = await batch();
      expect(second.every((r) => r.status === 201)).toBe(true);
      expect(connections).toBe(100);
    } finally {
      sender.close();
    }
  });
});
