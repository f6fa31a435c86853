import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Election } from '@protocol/types';
import { HashText } from '../shared/hash-text';

/** The manifest a genesis block carries: what every node checks every block of the election against. */
@Component({
  selector: 'app-election-manifest',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText],
  templateUrl: './election-manifest.html',
})
export class ElectionManifest {
  readonly election = input.required<Election>();
}
