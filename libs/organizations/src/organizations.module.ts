import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeysService } from './api-keys.service';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, ApiKeyEntity])],
  providers: [OrganizationsService, ApiKeysService, ApiKeyGuard, ApiKeyResolver],
  exports: [OrganizationsService, ApiKeysService, ApiKeyGuard],
})
export class OrganizationsModule {}
