import { Injectable } from '@nestjs/common';

/** Time in seconds since the epoch, as the seed's timestamps. Injected so tests can fix it. */
@Injectable()
export class Clock {
  nowSeconds(): number {
    return Date.now() / 1000;
  }
}
