import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { distinctUntilChanged, switchMap } from 'rxjs';
import { toResult } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import type { ResultsExport } from '@api/http';
import { RESULTS_CSV_URL, RESULTS_JSON_URL } from '../api/results-files';

/*
 * Element ids: results-downloads, results-download-csv, results-download-json, results-proofs (rows
 * data-proof="close" | "decryption" | "counted-at", a decryption's with data-trustee), results-verify-command.
 */

/**
 * The final result as files, with where its proofs are on the chain. The links are the node's own endpoints,
 * which curl reaches the same way; the page reads the JSON once per height to show the same locations.
 */
@Component({
  selector: 'app-results-downloads',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section id="results-downloads" aria-labelledby="results-downloads-heading">
      <h2 id="results-downloads-heading" i18n="@@results.downloads.heading">Download the final result</h2>
      <ul>
        <li>
          <a id="results-download-csv" [href]="csvUrl" download="election-results.csv" i18n="@@results.downloads.csv">Results as CSV</a>
        </li>
        <li>
          <a id="results-download-json" [href]="jsonUrl" download="election-results.json" i18n="@@results.downloads.json"
            >Results as JSON</a
          >
        </li>
      </ul>
      <p class="hint" i18n="@@results.downloads.hint">
        Both files hold the counts and where their proofs are on the chain, so that anyone can find them in the blocks and check them again.
      </p>
      @if (exported(); as x) {
        <dl id="results-proofs" class="details">
          <div data-proof="close">
            <dt i18n="@@results.proofs.close">Election closed</dt>
            <dd>
              <ng-container i18n="@@results.proofs.closeBlock">Block #{{ x.close.height }}</ng-container
              >&ngsp;
              <div>
                <code class="hash">{{ x.close.hash }}</code>
              </div>
            </dd>
          </div>
          @for (d of x.decryptions; track d.trustee) {
            <div data-proof="decryption" [attr.data-trustee]="d.trustee">
              <dt i18n="@@results.proofs.decryption">Partial decryption by trustee {{ d.trustee }}</dt>
              <dd>
                <ng-container i18n="@@results.proofs.decryptionBlock">Block #{{ d.height }}</ng-container
                >&ngsp;
                <div>
                  <code class="hash">{{ d.hash }}</code>
                </div>
              </dd>
            </div>
          }
          <div data-proof="counted-at">
            <dt i18n="@@results.proofs.countedAt">Counted up to</dt>
            <dd>
              <ng-container i18n="@@results.proofs.countedAtBlock">Block #{{ x.counted_at.height }}</ng-container
              >&ngsp;
              <div>
                <code class="hash">{{ x.counted_at.hash }}</code>
              </div>
            </dd>
          </div>
        </dl>
        <p i18n="@@results.proofs.verify">To check every rule, every proof and the count again yourself, trusting no node, run:</p>
        <p>
          <code id="results-verify-command" class="hash">{{ x.verify.node }}</code>
        </p>
        <p class="hint" i18n="@@results.proofs.record">
          Or save the election record from <a [href]="x.verify.record_url">{{ x.verify.record_url }}</a> as election-record.json and run
          <code class="hash">{{ x.verify.record }}</code>.
        </p>
      } @else if (unavailable()) {
        <p class="hint" id="results-proofs-unavailable" i18n="@@results.proofs.unavailable">
          Where the proofs are could not be shown here just now; the files above hold it.
        </p>
      }
    </section>
  `,
})
export class ResultsDownloads {
  /** The height of the final count shown: the locations are read again when it moves (a late decryption). */
  readonly height = input.required<number>();
  protected readonly csvUrl = RESULTS_CSV_URL;
  protected readonly jsonUrl = RESULTS_JSON_URL;
  protected readonly exported = signal<ResultsExport | null>(null);
  protected readonly unavailable = signal(false);

  constructor() {
    const api = inject(ElectionApi);
    toObservable(this.height)
      .pipe(
        distinctUntilChanged(),
        switchMap(() => api.finalResults().pipe(toResult())),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.exported.set(result.ok ? result.value : null);
        this.unavailable.set(!result.ok);
      });
  }
}
