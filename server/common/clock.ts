/**
 * Time in seconds since the epoch, as the seed's timestamps. Injected so tests can fix it; CLOCK_OFFSET_SECONDS
 * runs a node's clock ahead or behind, to drill what clock skew between nodes does.
 */
export class Clock {
  constructor(private readonly offsetSeconds = 0) {}

  nowSeconds(): number {
    return Date.now() / 1000 + this.offsetSeconds;
  }
}
