import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callbackUrlProblem, classifyAddress, hostProblem, normalizeHost } from './network';

describe('network: which hosts may receive webhooks', () => {
  it('normalizes hosts before judging them', () => {
    assert.equal(normalizeHost('LOCALHOST..'), 'localhost');
    assert.equal(normalizeHost('[::1]'), '::1');
    assert.equal(normalizeHost('Example.COM.'), 'example.com');
  });

  it('sees the IPv4 address inside mapped, compatible, NAT64 and 6to4 IPv6 addresses', () => {
    for (const [address, kind] of [
      ['::7f00:1', 'private'],
      ['::ffff:7f00:1', 'private'],
      ['::ffff:10.0.0.1', 'private'],
      ['64:ff9b::a9fe:a9fe', 'forbidden'],
      ['2002:a9fe:a9fe::', 'forbidden'],
      ['::a9fe:a9fe', 'forbidden'],
      ['::ffff:8.8.8.8', 'public'],
      ['::1', 'private'],
      ['::', 'forbidden'],
    ] as const) {
      assert.equal(classifyAddress(address)?.kind, kind, address);
    }
    assert.equal(classifyAddress('example.com'), null);
  });

  it('closes loopback and private ranges by default, and link-local and metadata addresses always', () => {
    const closed = { allowPrivateNetworks: false };
    const open = { allowPrivateNetworks: true };
    for (const host of ['localhost.', '127.0.0.1', '[::127.0.0.1]', '[::ffff:127.0.0.1]', '10.0.0.1', '192.168.1.1', '[fd12::1]', '100.64.0.1']) {
      assert.ok(hostProblem(host, closed), host);
      assert.equal(hostProblem(host, open), null, host);
    }
    for (const host of ['169.254.169.254', '[fe80::1]', '[fd00:ec2::254]', '100.100.100.200', 'metadata.google.internal.', '0.0.0.0', '255.255.255.255', '[ff02::1]']) {
      assert.ok(hostProblem(host, closed), host);
      assert.ok(hostProblem(host, open), host);
    }
    for (const host of ['example.com', 'example.com.', '8.8.8.8', '[2606:4700::1111]']) assert.equal(hostProblem(host, closed), null, host);
  });

  it('says how to open private networks in development, but not for link-local, and not in production', () => {
    assert.match(callbackUrlProblem('http://localhost./', { allowPrivateNetworks: false, production: false })!, /CALLBACK_ALLOW_PRIVATE_NETWORKS=true/);
    assert.doesNotMatch(callbackUrlProblem('http://169.254.169.254/', { allowPrivateNetworks: false, production: false })!, /CALLBACK_ALLOW_PRIVATE_NETWORKS/);
    assert.doesNotMatch(callbackUrlProblem('http://localhost/', { allowPrivateNetworks: false, production: true })!, /CALLBACK_ALLOW_PRIVATE_NETWORKS/);
  });
});
