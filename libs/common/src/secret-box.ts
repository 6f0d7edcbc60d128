import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts secrets that must be read back (webhook signing secrets) with AES-256-GCM under a key
 * derived (HKDF-SHA256) from SECRETS_ENCRYPTION_KEY, so that a copy of the database alone does
 * not let anyone forge a merchant's webhooks. Stored form: `v1:<iv>:<ciphertext>:<tag>` (base64).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(material: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', material, 'paysession', purpose, 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), ciphertext.toString('base64'), cipher.getAuthTag().toString('base64')].join(':');
  }

  /** Throws when the text was not sealed under this key (tampered, or another key). */
  open(sealed: string): string {
    const [version, iv, ciphertext, tag] = sealed.split(':');
    if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}
