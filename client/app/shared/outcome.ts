/** The answer to something the user did, as one sentence the page shows in a live region. */
export interface Outcome {
  kind: 'success' | 'error' | 'info';
  text: string;
}
