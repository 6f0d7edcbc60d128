import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnerEntity } from './partner.entity';
import { PartnersService } from './partners.service';

/** Payments partners: entity and service, no GraphQL surface (partners are created from the CLI). */
@Module({
  imports: [TypeOrmModule.forFeature([PartnerEntity])],
  providers: [PartnersService],
  exports: [PartnersService],
})
export class PartnersModule {}
