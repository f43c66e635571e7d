import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EnsureAdminCommand } from '@lib/auth';
import { AppConfig } from '@lib/platform';

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD: the admin account is created, or updated, at
 * every boot. An existing account that is not an admin stops the boot
 * (ADMIN_PROMOTION_REFUSED) unless ADMIN_ALLOW_PROMOTION=true.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const admin = await this.commands.execute(new EnsureAdminCommand(this.config.admin.email, this.config.admin.password, this.config.admin.allowPromotion));
    this.logger.log(`admin account ready: ${admin.email}`);
  }
}
