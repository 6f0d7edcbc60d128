import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '@paysession/partners';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRateLimiter } from './api-key.rate-limiter';
import { ApiKeysService } from './api-keys.service';
import { CallerAuthenticator } from './caller-authenticator';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsService } from './organizations.service';

/** Organizations and API keys: the services and the guard, no GraphQL surface. */
@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, ApiKeyEntity]), PartnersModule],
  providers: [OrganizationsService, ApiKeysService, ApiKeyGuard, ApiKeyRateLimiter, CallerAuthenticator],
  exports: [OrganizationsService, ApiKeysService, ApiKeyGuard, ApiKeyRateLimiter, CallerAuthenticator],
})
export class OrganizationsModule {}
