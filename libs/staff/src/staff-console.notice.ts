import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Repository } from 'typeorm';
import { StaffEntity } from './staff.entity';

/**
 * Tells whoever starts the server where the console is, and, while no staff account exists, the
 * one command that creates the first: the newcomer's path from `npm start` to the sessions list.
 */
@Injectable()
export class StaffConsoleNotice implements OnApplicationBootstrap {
  private readonly logger = new Logger('StaffConsole');

  constructor(
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = `${this.config.publicBaseUrl}/admin`;
    if (await this.staff.exists()) {
      this.logger.log(`staff console: ${url}`);
    } else {
      this.logger.warn(
        `staff console: ${url}. No staff account yet; create the first one with ` +
          `\`printf '%s' 'a long password' | npm run --silent cli -- staff create --email you@example.com --role admin\``,
      );
    }
  }
}
