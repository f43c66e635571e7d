import { IEvent } from '@nestjs/cqrs';

/**
 * In-process notices of account activity for the /admin monitoring namespace
 * (docs/admin-monitoring.md), published on the EventBus of the instance that
 * served the request, after the fact. Not integration events: nothing about
 * them is durable, and nothing but monitoring reads them.
 */

/** An account was created (after its transaction committed). */
export class UserRegistered implements IEvent {
  constructor(
    readonly userId: string,
    readonly at: Date,
  ) {}
}

/** A login was refused for a wrong password or an unknown email (`account`: the email as typed, lower-cased). */
export class LoginFailed implements IEvent {
  constructor(
    readonly account: string,
    readonly ip: string,
    readonly at: Date,
  ) {}
}
