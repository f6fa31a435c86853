import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';

/*
 * The Admin page's tables at phone width: each row becomes a card, one line per cell with its column's name
 * (.cell-label) before it, so no column is squeezed to a few characters a line or cut off. Wider screens
 * keep the table. For tables with class "cards".
 */
const CARD_TABLES = `
.cell-label { display: none; }
@media (max-width: 39.99rem) {
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.cards, table.cards tbody, table.cards tr { display: block; width: 100%; }
  table.cards tr { border: 1px solid var(--line); border-radius: var(--radius); padding: 0.5rem 0.75rem; margin-bottom: 0.75rem; }
  table.cards td {
    display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: 0.5rem; align-items: baseline;
    padding: 0.25rem 0; border: 0; text-align: left; white-space: normal; overflow-wrap: anywhere;
  }
  table.cards td[colspan] { display: block; }
  table.cards .cell-label { display: block; color: var(--muted); }
}
`;

/**
 * Adds the card layout to the document once, as a constructed stylesheet: the portal's Content-Security-Policy
 * (style-src 'self') blocks the <style> elements Angular writes for component styles, not a sheet built by
 * the portal's own script.
 */
@Injectable({ providedIn: 'root' })
export class CardTableStyles {
  private readonly document = inject(DOCUMENT);
  private adopted = false;

  adopt(): void {
    const view = this.document.defaultView;
    if (this.adopted || !view || !('adoptedStyleSheets' in this.document) || typeof view.CSSStyleSheet !== 'function') return;
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(CARD_TABLES);
    this.document.adoptedStyleSheets = [...this.document.adoptedStyleSheets, sheet];
    this.adopted = true;
  }
}
