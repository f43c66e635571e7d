import { Command } from '@nestjs/cqrs';
import { UserSettingsPatch } from '../../../domain';
import { UserView } from '../../views';

export class UpdateProfileCommand extends Command<UserView> {
  constructor(
    readonly userId: string,
    readonly patch: { readonly name?: string; readonly settings?: UserSettingsPatch },
  ) {
    super();
  }
}
