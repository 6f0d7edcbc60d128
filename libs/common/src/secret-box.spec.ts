import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a key of at least thirty-two characters', 'webhook-secrets');

  it('seals to a text that does not contain the secret, and opens it back', () => {
    const sealed = box.seal('whsec_c2VjcmV0');
    assert.ok(!sealed.includes('whsec_'));
    assert.notEqual(box.seal('whsec_c2VjcmV0'), sealed, 'a fresh IV each time');
    assert.equal(box.open(sealed), 'whsec_c2VjcmV0');
  });

  it('refuses a tampered text and another key', () => {
    const sealed = box.seal('whsec_c2VjcmV0');
    const parts = sealed.split(':');
    parts[2] = Buffer.from('tampered').toString('base64');
    assert.throws(() => box.open(parts.join(':')));
    assert.throws(() => new SecretBox('another key of at least thirty-two chars', 'webhook-secrets').open(sealed));
    assert.throws(() => new SecretBox('a key of at least thirty-two characters', 'other-purpose').open(sealed));
    assert.throws(() => box.open('whsec_plain'));
  });
});
