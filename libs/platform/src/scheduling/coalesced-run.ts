/**
 * A step that runs one at a time: a call while it runs is answered with the
 * running one and asks for one more run right after it (any number of such
 * calls coalesce into that one), so what woke the step is never missed.
 */
export class CoalescedRun<T> {
  private running: Promise<T> | undefined;
  private again = false;

  constructor(
    private readonly step: () => Promise<T>,
    private readonly onError: (error: unknown) => void,
  ) {}

  run(): Promise<T> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.step().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.run().catch(this.onError);
      }
    });
    return this.running;
  }

  /** Resolves once no run is in flight (shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}
