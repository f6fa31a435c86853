import type { Routes } from '@angular/router';

// Each page is its own chunk: chart.js only loads with the results page.
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'vote' },
  { path: 'vote', title: 'Vote', loadComponent: () => import('./voting/vote-form').then((m) => m.VoteForm) },
  {
    path: 'results',
    title: 'Results',
    loadComponent: () => import('./results/results-page').then((m) => m.ResultsPage),
  },
  {
    path: 'explorer',
    title: 'Explorer',
    loadComponent: () => import('./explorer/explorer-page').then((m) => m.ExplorerPage),
  },
  { path: 'admin', title: 'Node admin', loadComponent: () => import('./admin/admin-page').then((m) => m.AdminPage) },
  { path: '**', redirectTo: 'vote' },
];
