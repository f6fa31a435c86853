/* Where the portal links the results downloads (GET /api/results.csv and .json, typed by ResultsExport in
   api/http.ts): plain links, so the browser saves the node's own file. */
export const RESULTS_CSV_URL = '/api/results.csv';
export const RESULTS_JSON_URL = '/api/results.json';
