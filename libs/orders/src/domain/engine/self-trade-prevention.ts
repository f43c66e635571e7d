import { SelfTradePrevention } from './order-book.types';

/**
 * Whether a taker ends when it reaches a resting order of its own owner. Only EXPIRE_TAKER
 * exists today: the taker's remaining quantity expires there, fills made before stand and the
 * own resting order is untouched. EXPIRE_MAKER and EXPIRE_BOTH would be new cases of this
 * exhaustive switch, and the matching walk and the FOK check would learn what else they do.
 */
export function selfTradeExpiresTaker(stp: SelfTradePrevention): boolean {
  switch (stp) {
    case SelfTradePrevention.EXPIRE_TAKER:
      return true;
  }
}
