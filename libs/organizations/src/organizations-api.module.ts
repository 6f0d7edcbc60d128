import { Module } from '@nestjs/common';
import { ApiKeyResolver } from './api-key.resolver';
import { OrganizationsModule } from './organizations.module';

/** The merchant API's `apiKey` query. */
@Module({ imports: [OrganizationsModule], providers: [ApiKeyResolver] })
export class OrganizationsApiModule {}
