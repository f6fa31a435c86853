import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 10)}…${hash.slice(-6)}` : hash;
}

/** A hash shortened for reading, with the full value in the tooltip. */
@Component({
  selector: 'app-hash-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<code class="hash" [title]="value()">{{ short() }}</code>`,
})
export class HashText {
  readonly value = input.required<string>();
  protected readonly short = computed(() => shortHash(this.value()));
}
