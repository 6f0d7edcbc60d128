import assert from 'node:assert/strict';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebhookSender } from './webhook.sender';

// The connect-time check, over real sockets: a receiver on loopback, and senders with private
// networks closed and open.
describe('WebhookSender: where it connects', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  const closed = new WebhookSender(5000, false);
  const open = new WebhookSender(5000, true);

  before(async () => {
    server = createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    closed.close();
    open.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses loopback in every spelling while private networks are closed, before connecting', async () => {
    for (const host of ['127.0.0.1', 'localhost', 'localhost.', '[::127.0.0.1]', '[::ffff:127.0.0.1]', '2130706433']) {
      const before = hits;
      const result = await closed.send(`http://${host}:${port}/hooks`, {}, '{}');
      assert.equal(result.statusCode, null, host);
      assert.match(result.error ?? '', /not allowed/, host);
      assert.equal(hits, before, `${host} reached the receiver`);
    }
  });

  it('delivers to loopback when private networks are open', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const result = await open.send(`http://${host}:${port}/hooks`, {}, '{}');
      assert.equal(result.statusCode, 200, `${host}: ${result.error}`);
    }
  });

  it('never connects to link-local or metadata addresses, even with private networks open', async () => {
    for (const host of ['169.254.169.254', '[::ffff:169.254.169.254]', '[::a9fe:a9fe]', '[fd00:ec2::254]', '[fe80::1]']) {
      const result = await open.send(`http://${host}/latest/meta-data`, {}, '{}');
      assert.equal(result.statusCode, null, host);
      assert.match(result.error ?? '', /not allowed/, host);
    }
  });
});
