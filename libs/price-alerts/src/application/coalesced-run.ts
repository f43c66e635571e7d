/**
 * A step that runs one at a time: a call while it runs asks for one more run
 * right after it (any number of such calls coalesce), so no wake-up is missed.
 */
export class CoalescedRun {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly step: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  run(): Promise<void> {
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

  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}
