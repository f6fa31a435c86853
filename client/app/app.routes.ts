import type { Routes } from '@angular/router';

// Each page is its own chunk: chart.js only loads with the results page, the ballot crypto with a secret vote.
const checkTitle = $localize`:@@shell.title.verify:Check your ballot`;
const verifyPage = () => import('./verify/verify-page').then((m) => m.VerifyPage);

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'vote' },
  { path: 'vote', title: $localize`:@@shell.title.vote:Vote`, loadComponent: () => import('./voting/vote-page').then((m) => m.VotePage) },
  // The receipt's link and QR code use /verify/<tracking code>; /verify?code=<tracking code> works too.
  { path: 'verify', title: checkTitle, loadComponent: verifyPage },
  { path: 'verify/:code', title: checkTitle, loadComponent: verifyPage },
  {
    path: 'results',
    title: $localize`:@@shell.title.results:Results`,
    loadComponent: () => import('./results/results-page').then((m) => m.ResultsPage),
  },
  {
    path: 'explorer',
    title: $localize`:@@shell.title.explorer:Explorer`,
    loadComponent: () => import('./explorer/explorer-page').then((m) => m.ExplorerPage),
  },
  {
    path: 'admin',
    title: $localize`:@@shell.title.admin:Node admin`,
    loadComponent: () => import('./admin/admin-page').then((m) => m.AdminPage),
  },
  { path: '**', redirectTo: 'vote' },
];
