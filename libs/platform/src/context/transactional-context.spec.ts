import { DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { transactionalContextModule, withoutUnmountedEnhancers } from './transactional-context';

/** Every provider of a dynamic module and of the dynamic modules it imports. */
function providersOf(module: DynamicModule): unknown[] {
  const nested = (module.imports ?? []).flatMap((imported) =>
    typeof imported === 'object' && 'module' in imported ? providersOf(imported as DynamicModule) : [],
  );
  return [...(module.providers ?? []), ...nested];
}

const tokenOf = (provider: unknown): unknown => (typeof provider === 'object' && provider !== null && 'provide' in provider ? provider.provide : provider);

describe('transactionalContextModule', () => {
  it('keeps the context and its plugin, without the no-op global guard and interceptor', () => {
    const tokens = providersOf(transactionalContextModule()).map(tokenOf);

    expect(tokens).toEqual(expect.arrayContaining(['ClsModuleOptions', 'ClsInterceptorOptions']));
    expect(tokens.some((token) => typeof token === 'function' && token.name === 'TransactionHost')).toBe(true);
    expect(tokens).not.toContain(APP_GUARD);
    expect(tokens).not.toContain(APP_INTERCEPTOR);
  });

  it('drops only the enhancers nestjs-cls registers', () => {
    const plain = ClsModule.forRoot({});
    const before = providersOf(plain).map(tokenOf);
    const after = providersOf(withoutUnmountedEnhancers(plain)).map(tokenOf);

    expect(before).toEqual(expect.arrayContaining([APP_GUARD, APP_INTERCEPTOR]));
    expect(after).toEqual(before.filter((token) => token !== APP_GUARD && token !== APP_INTERCEPTOR));
  });
});
