import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MiningPanel } from './mining-panel';
import { NodeDashboard } from './node-dashboard';
import { NodeStatusPanel } from './node-status-panel';
import { PeersTable } from './peers-table';
import { PendingTable } from './pending-table';
import { RegisterPeerForm } from './register-peer-form';
import { ResyncPanel } from './resync-panel';

@Component({
  selector: 'app-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NodeStatusPanel, MiningPanel, PendingTable, PeersTable, RegisterPeerForm, ResyncPanel],
  providers: [NodeDashboard],
  template: `
    <h1>Node admin</h1>
    <div class="admin-grid">
      <app-node-status-panel [state]="dashboard.status()" />
      <app-mining-panel (attempted)="dashboard.refresh()" />
      <app-pending-table [state]="dashboard.pending()" />
      <app-peers-table [state]="dashboard.peers()" />
      <app-register-peer-form (registered)="dashboard.refresh()" />
      <app-resync-panel (synced)="dashboard.refresh()" />
    </div>
  `,
})
export class AdminPage {
  protected readonly dashboard = inject(NodeDashboard);
}
