import { formatDate } from '@angular/common';
import { LOCALE_ID, Pipe, type PipeTransform, inject } from '@angular/core';

/** Node timestamps are seconds since the epoch; show them in the portal's language and the browser's time zone. */
@Pipe({ name: 'localTime' })
export class LocalTimePipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
    return formatDate(seconds * 1000, 'medium', this.locale);
  }
}
