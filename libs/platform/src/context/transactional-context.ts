import { DynamicModule, ForwardReference, Provider, Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';

/**
 * nestjs-cls with its transactional plugin: the async context of a request (request id, the
 * ambient transaction). The HTTP layer opens the context per request (a Fastify onRequest hook)
 * with the request id, so none of the library's middleware, guard or interceptor is mounted.
 */
export function transactionalContextModule(): DynamicModule {
  return withoutUnmountedEnhancers(
    ClsModule.forRoot({
      global: true,
      plugins: [
        new ClsPluginTransactional({
          imports: [TypeOrmModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        }),
      ],
    }),
  );
}

type Import = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

/**
 * nestjs-cls registers a global guard and a global interceptor even when it mounts neither, as
 * no-ops (`canActivate: () => true`, `next.handle()`). The interceptor alone made Nest run every
 * route through its RxJS interceptor chain (defer, mergeAll, lastValueFrom): they are left out.
 */
export function withoutUnmountedEnhancers(module: DynamicModule): DynamicModule {
  const isEnhancer = (provider: Provider): boolean =>
    typeof provider === 'object' && (provider.provide === APP_GUARD || provider.provide === APP_INTERCEPTOR);
  const isDynamic = (imported: Import): imported is DynamicModule => typeof imported === 'object' && 'module' in imported;
  return {
    ...module,
    providers: module.providers?.filter((provider) => !isEnhancer(provider)),
    imports: module.imports?.map((imported) => (isDynamic(imported) ? withoutUnmountedEnhancers(imported) : imported)),
  };
}
