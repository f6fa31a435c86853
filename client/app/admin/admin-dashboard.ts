import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { ElectionInfo } from '@api/http';
import { AuditPanel } from './audit-panel';
import { LifecyclePanel } from './lifecycle-panel';
import { MiningPanel } from './mining-panel';
import { NodeDashboard } from './node-dashboard';
import { NodeStatusPanel } from './node-status-panel';
import { PeersTable } from './peers-table';
import { PendingTable } from './pending-table';
import { RegisterPeerForm } from './register-peer-form';
import { ResyncPanel } from './resync-panel';
import { TrusteesPanel } from './trustees-panel';

/** The panels of a node that runs an election, all fed by one polling NodeDashboard. */
@Component({
  selector: 'app-admin-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    LifecyclePanel,
    TrusteesPanel,
    AuditPanel,
    NodeStatusPanel,
    MiningPanel,
    PendingTable,
    PeersTable,
    RegisterPeerForm,
    ResyncPanel,
  ],
  providers: [NodeDashboard],
  template: `
    <app-lifecycle-panel [election]="election()" [failure]="dashboard.election().failure" (changed)="dashboard.refresh()" />
    @if (election().sealed; as sealed) {
      <app-trustees-panel [sealed]="sealed" />
    }
    <app-audit-panel [state]="dashboard.audit()" />
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
export class AdminDashboard {
  readonly election = input.required<ElectionInfo>();
  protected readonly dashboard = inject(NodeDashboard);
}
