import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { newId, SecretBox } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { lockOrganization, Transactions } from '@paysession/database';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { WebhookSecretEntity } from './webhook-secret.entity';

/** Standard Webhooks secrets are `whsec_` + base64 of 24–64 random bytes. */
function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

@Injectable()
export class WebhookSecretsService {
  /** Secrets are stored sealed: they must be readable to sign, but not from a database copy alone. */
  private readonly box: SecretBox;

  constructor(
    @InjectRepository(WebhookSecretEntity) private readonly secrets: Repository<WebhookSecretEntity>,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.secretsEncryptionKey, 'webhook-secrets');
  }

  /** The secret an org starts with (inside provisioning's transaction); never shown. */
  async insertInitial(manager: EntityManager, orgId: string): Promise<void> {
    await manager.insert(WebhookSecretEntity, { id: newId('whs'), orgId, secret: this.box.seal(generateSecret()), createdAt: new Date(), retiredAt: null });
  }

  /**
   * Issues a new secret and returns it (the only time it is shown). The previous one keeps
   * signing alongside it for WEBHOOK_SECRET_GRACE_HOURS, so receivers can switch without loss;
   * one still in its grace from an earlier rotation stops signing now, so that at most two
   * secrets sign (issue 15: 300 rotations left 301 signing and a 14 KB signature header).
   */
  async rotate(orgId: string): Promise<{ secret: string }> {
    const secret = generateSecret();
    const now = new Date();
    await this.transactions.run(async (manager) => {
      // Serializes rotations of one org across instances.
      await lockOrganization(manager, orgId);
      const graceEnd = new Date(now.getTime() + this.config.webhooks.secretGraceHours * 3600_000);
      await manager.update(WebhookSecretEntity, { orgId, retiredAt: MoreThan(now) }, { retiredAt: now });
      await manager.update(WebhookSecretEntity, { orgId, retiredAt: IsNull() }, { retiredAt: graceEnd });
      await manager.insert(WebhookSecretEntity, { id: newId('whs'), orgId, secret: this.box.seal(secret), createdAt: now, retiredAt: null });
    });
    return { secret };
  }

  /** Secrets to sign with now: the current one first, then any still in their grace period. */
  async signingSecrets(orgId: string, now = new Date()): Promise<string[]> {
    const rows = await this.secrets
      .createQueryBuilder('s')
      .where('s.org_id = :orgId', { orgId })
      .andWhere(new Brackets((w) => w.where('s.retired_at IS NULL').orWhere('s.retired_at > :now', { now: now.getTime() })))
      .orderBy('s.created_at', 'DESC')
      // The current one and one in grace; rotate() keeps it so, this says it again.
      .limit(2)
      .getMany();
    return rows.map((r) => this.box.open(r.secret));
  }
}
