import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { VoterLookup } from '../../../client/app/explorer/voter-lookup';
import type { BallotStatus } from '@api/http';
import { click, query, text, typeInto } from '../support/dom';
import { failNetwork } from '../support/http';

describe('VoterLookup', () => {
  let fixture: ComponentFixture<VoterLookup>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(VoterLookup);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function lookUp(voterId: string): Promise<TestRequest> {
    typeInto(el, '#voter-lookup', voterId);
    click(el, '#lookup-button');
    await fixture.whenStable();
    return http.expectOne((req) => req.method === 'GET' && req.url.startsWith('/api/ballots/'));
  }

  async function answer(req: TestRequest, status: BallotStatus): Promise<void> {
    req.flush(status);
    await fixture.whenStable();
  }

  const ballot = { voter_id: 'v-1', party: 'Red', timestamp: 1_764_000_000 };

  it('shows a pending ballot', async () => {
    const req = await lookUp('v-1');
    expect(req.request.url).toBe('/api/ballots/v-1');
    await answer(req, { voter_id: 'v-1', status: 'pending', ballot });
    expect(text(el, '#lookup-result')).toBe('Pending: the ballot of v-1 is waiting to be mined into a block.');
  });

  it('shows the block and confirmations of a confirmed ballot, and can open that block', async () => {
    const opened: number[] = [];
    fixture.componentInstance.openBlock.subscribe((index) => opened.push(index));
    const req = await lookUp('v-1');
    await answer(req, {
      voter_id: 'v-1',
      status: 'confirmed',
      ballot,
      block_index: 7,
      block_hash: '00' + 'f'.repeat(62),
      confirmations: 3,
    });
    expect(query(el, '#lookup-result').classList).toContain('success');
    expect(text(el, '#lookup-result')).toContain('in block #7 with 3 confirmations');

    click(el, '#open-lookup-block');
    expect(opened).toEqual([7]);
  });

  it('says "1 confirmation" for a ballot in the tip block', async () => {
    const req = await lookUp('v-1');
    await answer(req, {
      voter_id: 'v-1',
      status: 'confirmed',
      ballot,
      block_index: 9,
      block_hash: 'ab',
      confirmations: 1,
    });
    expect(text(el, '#lookup-result')).toContain('in block #9 with 1 confirmation.');
  });

  it('says when the node has no ballot for the voter ID', async () => {
    const req = await lookUp('nobody');
    await answer(req, { voter_id: 'nobody', status: 'unknown' });
    expect(text(el, '#lookup-result')).toBe('Not found: this node has no ballot for nobody.');
  });

  it('encodes the voter ID into the URL path', async () => {
    const req = await lookUp('ab:c.d');
    expect(req.request.url).toBe('/api/ballots/ab%3Ac.d');
    await answer(req, { voter_id: 'ab:c.d', status: 'unknown' });
  });

  it('reports an unreachable node', async () => {
    failNetwork(await lookUp('v-1'));
    await fixture.whenStable();
    expect(query(el, '#lookup-result').classList).toContain('error');
    expect(text(el, '#lookup-result')).toContain('Node unreachable');
  });

  it('does not send a malformed voter ID', async () => {
    typeInto(el, '#voter-lookup', '-starts-with-dash');
    click(el, '#lookup-button');
    await fixture.whenStable();
    http.expectNone(() => true);
    expect(text(el, '#voter-lookup-error')).toContain('Enter a voter ID');
    expect(el.querySelector('#lookup-result')).toBeNull();
  });
});
