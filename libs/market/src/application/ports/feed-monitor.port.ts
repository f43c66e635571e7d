import { FeedStatusView } from '../views';

/** What the price feed of this instance is doing (leadership, ticks). */
export abstract class FeedMonitor {
  abstract status(): FeedStatusView;
}
