import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { ContentCount } from '@protocol/transaction-kinds';

/** What a block holds, in a few words: "election opened, 3 credentials". */
@Component({
  selector: 'app-block-contents',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (item of contents(); track item.kind; let last = $last) {
      @let count = item.count;
      <span class="block-contents__item" [attr.data-kind]="item.kind">
        @switch (item.kind) {
          @case ('ballot') {
            <ng-container i18n="@@explorer.contents.ballots">{count, plural, =1 {1 ballot} other {{{count}} ballots}}</ng-container>
          }
          @case ('credential') {
            <ng-container i18n="@@explorer.contents.credentials">{count, plural,
              =1 {1 credential}
              other {{{count}} credentials}
            }</ng-container>
          }
          @case ('open') {
            <ng-container i18n="@@explorer.contents.open">election opened</ng-container>
          }
          @case ('close') {
            <ng-container i18n="@@explorer.contents.close">election closed</ng-container>
          }
          @case ('ceremony') {
            <ng-container i18n="@@explorer.contents.ceremony">{count, plural,
              =1 {1 key ceremony step}
              other {{{count}} key ceremony steps}
            }</ng-container>
          }
          @case ('decryption') {
            <ng-container i18n="@@explorer.contents.decryption">{count, plural,
              =1 {1 partial decryption}
              other {{{count}} partial decryptions}
            }</ng-container>
          }
        }</span
      >{{ last ? '' : ', ' }}
    }
  `,
})
export class BlockContents {
  readonly contents = input.required<readonly ContentCount[]>();
}
