import { Pipe, type PipeTransform } from '@angular/core';

/** Node timestamps are seconds since the epoch; show them in the browser's own locale and time zone. */
@Pipe({ name: 'localTime' })
export class LocalTimePipe implements PipeTransform {
  transform(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
    return new Date(seconds * 1000).toLocaleString();
  }
}
