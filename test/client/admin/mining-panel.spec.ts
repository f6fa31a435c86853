import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MiningPanel } from '../../../client/app/admin/mining-panel';
import { AdminToken } from '../../../client/app/api/admin-token';
import { click, query, text } from '../support/dom';
import { failNetwork, nodeError } from '../support/http';

describe('MiningPanel', () => {
  let fixture: ComponentFixture<MiningPanel>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let attempts: number;

  beforeEach(async () => {
    sessionStorage.setItem('ballotchain.admin-token', 'tok');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(MiningPanel);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    attempts = 0;
    fixture.componentInstance.attempted.subscribe(() => attempts++);
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
  });

  async function mine(): Promise<TestRequest> {
    click(el, '#mine-button');
    await fixture.whenStable();
    return http.expectOne({ method: 'GET', url: '/mine' });
  }

  it('shows the mined block and its ballot count, and disables the button while mining', async () => {
    const req = await mine();
    expect(query<HTMLButtonElement>(el, '#mine-button').disabled).toBe(true);
    expect(text(el, '#mine-button')).toBe('Mining…');
    req.flush({ mined: true, message: 'Block #5 is mined.', index: 5, hash: '00ff', ballots: 3 });
    await fixture.whenStable();

    expect(query(el, '#mine-outcome').classList).toContain('success');
    expect(text(el, '#mine-outcome')).toBe('Mined block #5 with 3 ballots.');
    expect(query<HTMLButtonElement>(el, '#mine-button').disabled).toBe(false);
    expect(attempts).toBe(1);
  });

  it('uses the singular for a single ballot', async () => {
    (await mine()).flush({ mined: true, message: 'ok', index: 1, hash: '00aa', ballots: 1 });
    await fixture.whenStable();
    expect(text(el, '#mine-outcome')).toBe('Mined block #1 with 1 ballot.');
  });

  it('says there was nothing to mine', async () => {
    (await mine()).flush({ mined: false, message: 'No transactions to mine' });
    await fixture.whenStable();
    expect(query(el, '#mine-outcome').classList).not.toContain('success');
    expect(text(el, '#mine-outcome')).toContain('No ballots to mine');
  });

  it('reports mining already in progress (409)', async () => {
    (await mine()).flush(...nodeError(409, 'mining-in-progress', 'A block is being mined'));
    await fixture.whenStable();
    expect(query(el, '#mine-outcome').classList).toContain('error');
    expect(text(el, '#mine-outcome')).toContain('already in progress');
  });

  it('reports a refused block (422) with the node message', async () => {
    (await mine()).flush(...nodeError(422, 'invalid-block', 'previous hash does not match the tip'));
    await fixture.whenStable();
    expect(text(el, '#mine-outcome')).toBe('The mined block was refused: previous hash does not match the tip');
  });

  it('reports an unreachable node', async () => {
    failNetwork(await mine());
    await fixture.whenStable();
    expect(text(el, '#mine-outcome')).toBe('Mining failed: The node could not be reached. Check that it is running and try again.');
    expect(attempts).toBe(1);
  });

  it('says at once that it needs the admin token, and drops that error once a token is accepted', async () => {
    const tokens = TestBed.inject(AdminToken);
    tokens.clear();
    click(el, '#mine-button');
    await fixture.whenStable();
    http.expectNone('/mine');
    expect(text(el, '#mine-outcome')).toBe('This needs the admin token: enter it under Admin token at the top of this page.');
    expect(attempts).toBe(0);

    tokens.set('accepted');
    await fixture.whenStable();
    expect(el.querySelector('#mine-outcome')).toBeNull();
  });

  it('keeps an error that is not about the token when a token is entered', async () => {
    (await mine()).flush(...nodeError(409, 'mining-in-progress', 'A block is being mined'));
    await fixture.whenStable();
    TestBed.inject(AdminToken).set('another');
    await fixture.whenStable();
    expect(text(el, '#mine-outcome')).toContain('already in progress');
  });

  it('shows no raw HTTP text for an answer that is not the node’s', async () => {
    (await mine()).flush('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' });
    await fixture.whenStable();
    const outcome = text(el, '#mine-outcome');
    expect(outcome).toBe("Mining failed: The node could not do it this time. Try again; if it keeps failing, the node's log says why.");
    expect(outcome).not.toMatch(/HTTP|502|html/i);
  });
});
