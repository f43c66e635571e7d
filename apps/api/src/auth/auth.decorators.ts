import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ApiKeyPermission, Principal, Role } from '@lib/auth';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';

/**
 * Opt a route out of the global authentication guard. The OpenAPI document
 * then declares it `security: []` (bootstrap/openapi/post-process.ts); every
 * other route gets the bearer scheme without a decorator of its own.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key !== undefined && descriptor) {
      SetMetadata(IS_PUBLIC, true)(target, key, descriptor);
      ApiExtension('x-public', true)(target, key, descriptor);
      return descriptor;
    }
    SetMetadata(IS_PUBLIC, true)(target as new () => unknown);
    // @ApiExtension on a class trips over accessors (the gateways have some): marks each method instead.
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof method?.value === 'function') ApiExtension('x-public', true)(prototype, name, method);
    }
    return target;
  }) as MethodDecorator & ClassDecorator;

/** Restrict a route (or controller) to these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated principal of the request. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ user: Principal }>().user;
});

export const KEY_PERMISSION = 'auth:key-permission';
export const NO_API_KEY = 'auth:no-api-key';

/**
 * The API-key permission a route's writes need (docs/api-keys.md). On a
 * controller it applies to its non-GET routes; a GET needs READ unless its
 * own handler says otherwise. A write route without one takes no API key.
 */
export const KeyPermission = (permission: ApiKeyPermission): MethodDecorator & ClassDecorator => SetMetadata(KEY_PERMISSION, permission);

/** The route never takes an API key, whatever its method (credentials, keys, sessions). */
export const NoApiKey = (): MethodDecorator & ClassDecorator => SetMetadata(NO_API_KEY, true);
