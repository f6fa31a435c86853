import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterRenderEffect,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { PartyCount } from '@protocol/tally';

// Only what a bar chart needs, so the rest of chart.js is tree-shaken away.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

@Component({
  selector: 'app-results-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart">
      <div class="chart__box">
        <canvas id="results-chart" #canvas role="img" aria-labelledby="results-chart-description"></canvas>
      </div>
      <!-- The canvas's text alternative, worded in the template so that its plurals are translated. -->
      <p id="results-chart-description" class="visually-hidden">
        <ng-container i18n="@@results.chart.description">Votes per party:</ng-container>&ngsp;
        @for (row of tally(); track row.party; let last = $last) {
          <ng-container i18n="@@results.chart.row">{row.votes, plural,
            =1 {{{ row.party }} 1 vote}
            other {{{ row.party }} {{ row.votes }} votes}
          }</ng-container
          >{{ last ? '' : ', ' }}
        }
      </p>
      <figcaption class="hint" i18n="@@results.chart.caption">Bar chart of the table below.</figcaption>
    </figure>
  `,
})
export class ResultsChart {
  readonly tally = input.required<readonly PartyCount[]>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart<'bar', number[], string> | null = null;
  private drawn = '';

  constructor() {
    afterRenderEffect(() => this.draw(this.tally()));
    inject(DestroyRef).onDestroy(() => {
      this.chart?.destroy();
      this.chart = null;
    });
  }

  private draw(tally: readonly PartyCount[]): void {
    const labels = tally.map((row) => row.party);
    const votes = tally.map((row) => row.votes);
    // Polling hands over a new array every few seconds; redraw only when the numbers moved.
    const key = JSON.stringify([labels, votes]);
    if (key === this.drawn && this.chart) return;

    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0].data = votes;
      this.chart.update();
      this.drawn = key;
      return;
    }
    // No 2D context (jsdom, or a browser with canvas disabled): the table still has every number.
    const context = this.canvas().nativeElement.getContext('2d');
    if (!context) return;
    this.chart = new Chart(context, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: $localize`:@@results.chart.votes:Votes`, data: votes, backgroundColor: '#2f5fa8', borderRadius: 4, maxBarThickness: 64 },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: { duration: 250 },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    this.drawn = key;
  }
}
