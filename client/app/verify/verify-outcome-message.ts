import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { VerifyOutcome } from './verify-outcome';

/**
 * The verify page's answer in words. The live region stays in the DOM, so a screen reader announces each new
 * answer (and only a new one: following a pending ballot changes nothing here until its block comes).
 */
@Component({
  selector: 'app-verify-outcome-message',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="outcome-region" aria-live="polite">
      @if (outcome(); as o) {
        <p
          id="verify-outcome"
          class="outcome"
          [attr.data-outcome]="o.code"
          [class.success]="o.kind === 'success'"
          [class.error]="o.kind === 'error'"
          [class.info]="o.kind === 'info'"
        >
          @switch (o.code) {
            @case ('not-a-code') {
              <ng-container i18n="@@verify.outcome.notACode">That is not a tracking code: {{ o.detail }}</ng-container>
            }
            @case ('unreachable') {
              <ng-container i18n="@@verify.outcome.unreachable"
                >The check could not be made: this node could not be reached. Check your connection, then try again.</ng-container
              >
            }
            @case ('busy') {
              <ng-container i18n="@@verify.outcome.busy"
                >The check could not be made: this node has had many requests in a short time. Try again in a moment.</ng-container
              >
            }
            @case ('node-error') {
              <ng-container i18n="@@verify.outcome.nodeError"
                >The check could not be made: this node answered with an error ({{ o.detail }}). Try again in a moment.</ng-container
              >
            }
            @case ('no-election') {
              <ng-container i18n="@@verify.outcome.noElection"
                >No election exists on this node yet, so there is no ballot to check. Once an admin creates the election, its ballots can be
                checked here.</ng-container
              >
            }
            @case ('unknown') {
              <ng-container i18n="@@verify.outcome.unknown"
                >No ballot with this tracking code is on the chain, nor waiting for a block, at this node.</ng-container
              >
            }
            @case ('pending') {
              <ng-container i18n="@@verify.outcome.pending"
                >Your ballot has reached this node and awaits a block. This page checks again every {{ intervalSeconds() }} s and shows the
                block as soon as one holds it.</ng-container
              >
            }
            @case ('verified') {
              <ng-container i18n="@@verify.outcome.verified">{o.confirmations, plural,
                =1 {Verified: your ballot is in block #{{ o.block }} (1 confirmation), and {{ o.nodes }} nodes serve that same block.}
                other {
                  Verified: your ballot is in block #{{ o.block }} ({{ o.confirmations }} confirmations), and {{ o.nodes }} nodes serve that
                  same block.
                }
              }</ng-container>
            }
            @case ('this-node-only') {
              @if (o.node === null) {
                <ng-container i18n="@@verify.outcome.thisNodeOnly">{o.confirmations, plural,
                  =1 {
                    Your ballot is in block #{{ o.block }} with 1 confirmation, checked against this node only: the proof leads from your
                    tracking code to that block. Cross-checking needs a second node of this election, and no other node could be asked.
                  }
                  other {
                    Your ballot is in block #{{ o.block }} with {{ o.confirmations }} confirmations, checked against this node only: the
                    proof leads from your tracking code to that block. Cross-checking needs a second node of this election, and no other
                    node could be asked.
                  }
                }</ng-container>
              } @else {
                <ng-container i18n="@@verify.outcome.oneOtherNodeOnly">{o.confirmations, plural,
                  =1 {
                    Your ballot is in block #{{ o.block }} with 1 confirmation, checked against the node {{ o.node }} only: the proof leads
                    from your tracking code to that block. Cross-checking needs a second node, and no other node could be asked.
                  }
                  other {
                    Your ballot is in block #{{ o.block }} with {{ o.confirmations }} confirmations, checked against the node {{ o.node }}
                    only: the proof leads from your tracking code to that block. Cross-checking needs a second node, and no other node could
                    be asked.
                  }
                }</ng-container>
              }
            }
            @case ('no-header') {
              <ng-container i18n="@@verify.outcome.noHeader"
                >The check could not be made: no node served the header of block #{{ o.block }}. The nodes asked are listed
                below.</ng-container
              >
            }
            @case ('nodes-disagree') {
              <ng-container i18n="@@verify.outcome.nodesDisagree"
                >Not verified: the nodes disagree, they serve different blocks at height {{ o.block }}. The chain may be settling; check
                again after a few more blocks.</ng-container
              >
            }
            @case ('bad-header') {
              <ng-container i18n="@@verify.outcome.badHeader"
                >Not verified: a node served a block header that does not match its own hash or proof of work.</ng-container
              >
            }
            @case ('proof-mismatch') {
              <ng-container i18n="@@verify.outcome.proofMismatch"
                >Not verified: the proof does not match, it does not lead from your tracking code to block #{{ o.block }}.</ng-container
              >
            }
            @case ('code-mismatch') {
              <ng-container i18n="@@verify.outcome.codeMismatch"
                >Not verified: the ballot this node returned does not match your tracking code.</ng-container
              >
            }
            @case ('block-mismatch') {
              <ng-container i18n="@@verify.outcome.blockMismatch"
                >Not verified: this node's receipt names another block than the nodes serve at height {{ o.block }}.</ng-container
              >
            }
          }
        </p>
      }
    </div>
  `,
})
export class VerifyOutcomeMessage {
  readonly outcome = input.required<VerifyOutcome | null>();
  readonly intervalSeconds = input.required<number>();
}
