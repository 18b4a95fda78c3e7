/**
 * Turns for libvips operations (decodes, header reads): any number at once, or one alone. libvips passes its
 * decoders' warnings and errors through one buffer that all its threads share, so an operation that fails while
 * others run may read their messages instead of its own (which one failed is never in doubt); one alone reads only
 * its own. Turns are given in the order asked, so an operation waiting to run alone is not passed by later ones.
 */
export class DecodeTurns {
  private together = 0;
  private aloneRunning = false;
  private readonly waiting: { alone: boolean; start: () => void }[] = [];

  /** Runs `work` when its turn comes: alongside other shared turns, or with nothing else running (`alone`). */
  async run<T>(alone: boolean, work: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ alone, start });
      this.next();
    });
    try {
      return await work();
    } finally {
      if (alone) this.aloneRunning = false;
      else this.together--;
      this.next();
    }
  }

  private next(): void {
    while (this.waiting.length > 0 && !this.aloneRunning) {
      const first = this.waiting[0]!;
      if (first.alone && this.together > 0) return;
      this.waiting.shift();
      if (first.alone) this.aloneRunning = true;
      else this.together++;
      first.start();
    }
  }
}

const turns = new DecodeTurns();

/**
 * Runs a libvips operation (a decode, a header read) beside others; one that fails is run again alone, and that run
 * decides: its result, or its error, whose message is then its own.
 */
export async function decodeWithOwnMessage<T>(decode: () => Promise<T>): Promise<T> {
  try {
    return await turns.run(false, decode);
  } catch {
    return turns.run(true, decode);
  }
}
