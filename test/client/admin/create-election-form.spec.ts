import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AdminPage } from '../../../client/app/admin/admin-page';
import { adminTokenInterceptor } from '../../../client/app/api/admin-token';
import { FileDownload } from '../../../client/app/shared/file-download';
import { click, query, text, typeInto } from '../support/dom';
import { secretElection } from '../support/elections';
import { nodeError, waitForRequest } from '../support/http';
import { waitFor } from '../../support/wait';

const ROLL = 'voter_id\nv-001\nv-002\nv-003\n';
const CODES = 'voter_id,activation_code\nv-001,AAAA-1111\nv-002,BBBB-2222\nv-003,CCCC-3333\n';

function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    // readAsText: the result is a string.
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

describe('Creating a secret election on the admin page', () => {
  let fixture: ComponentFixture<AdminPage>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let saved: { data: Blob; name: string }[];

  beforeEach(async () => {
    saved = [];
    sessionStorage.setItem('ballotchain.admin-token', 'tok');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([adminTokenInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: FileDownload, useValue: { save: (data: Blob, name: string) => saved.push({ data, name }) } },
      ],
    });
    fixture = TestBed.createComponent(AdminPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush({ phase: 'setup' });
    await fixture.whenStable();
  });

  afterEach(() => {
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
    sessionStorage.clear();
  });

  function fillDefinition(): void {
    typeInto(el, '#election-title', 'Board election 2026');
    typeInto(el, '#election-parties', 'Red\nGreen\nBlue');
    typeInto(el, '#election-difficulty', '3');
  }

  async function chooseRoll(content: string): Promise<void> {
    const input = query<HTMLInputElement>(el, '#election-roll');
    Object.defineProperty(input, 'files', { value: [new File([content], 'roll.csv', { type: 'text/csv' })] });
    input.dispatchEvent(new Event('change'));
    await waitFor(() => (el.querySelector('#election-roll-hint')?.textContent ?? '').includes('roll.csv'), { what: 'the roll to be read' });
    await fixture.whenStable();
  }

  it('sends the roll file, then offers the activation codes once, also after the node has switched', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    expect(text(el, '#election-roll-hint')).toContain('Chosen: roll.csv.');
    click(el, '#create-election');
    const req = await waitForRequest(http, { method: 'POST', url: '/api/admin/election' });
    expect(req.request.body).toEqual({
      title: 'Board election 2026',
      parties: ['Red', 'Green', 'Blue'],
      difficulty: 3,
      scheme: 'secret',
      roll_csv: ROLL,
    });
    req.flush({ election_id: 'e'.repeat(64), voters: 3, codes_csv: CODES }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    expect(text(el, '#codes-warning')).toContain('These 3 activation codes are shown this once');
    expect(query<HTMLButtonElement>(el, '#dismiss-codes').disabled).toBe(true);
    click(el, '#download-codes');
    await fixture.whenStable();
    expect(saved.map((s) => s.name)).toEqual(['activation-codes.csv']);
    expect(await readBlob(saved[0].data)).toBe(CODES);
    expect(query<HTMLButtonElement>(el, '#dismiss-codes').disabled).toBe(false);

    // The node restarts with the new election; the codes stay on screen.
    (await waitForRequest(http, '/api/election')).flush(secretElection({ phase: 'draft' }));
    await fixture.whenStable();
    expect(el.querySelector('#create-election')).toBeNull();
    expect(query(el, '#open-election')).toBeTruthy();
    expect(query(el, '#download-codes')).toBeTruthy();

    click(el, '#dismiss-codes');
    await fixture.whenStable();
    expect(el.querySelector('#download-codes')).toBeNull();
  });

  it('does not send a secret election without its roll', async () => {
    fillDefinition();
    click(el, '#create-election');
    await fixture.whenStable();
    http.expectNone('/api/admin/election');
    expect(text(el, '#election-roll-error')).toBe('A secret election needs its voter roll: choose the CSV file.');
  });

  it('checks the parties and the difficulty before sending', async () => {
    typeInto(el, '#election-title', 'Board election 2026');
    typeInto(el, '#election-parties', 'Red\nRed');
    typeInto(el, '#election-difficulty', '9');
    await chooseRoll(ROLL);
    click(el, '#create-election');
    await fixture.whenStable();
    http.expectNone('/api/admin/election');
    expect(text(el, '#election-parties-error')).toBe('A party is listed twice.');
    expect(text(el, '#election-difficulty-error')).toBe('A whole number from 0 to 8.');
  });

  it("shows the node's reason when it refuses the definition, and lets the admin correct it", async () => {
    fillDefinition();
    await chooseRoll('voter_id\nnot valid!\n');
    click(el, '#create-election');
    (await waitForRequest(http, '/api/admin/election')).flush(
      ...nodeError(400, 'bad-roll', 'line 2: "not valid!" is not a well-formed voter ID'),
    );
    await fixture.whenStable();
    expect(text(el, '#create-election-outcome')).toBe('The election was not created: line 2: "not valid!" is not a well-formed voter ID');
    expect(query<HTMLButtonElement>(el, '#create-election').disabled).toBe(false);
    expect(el.querySelector('#download-codes')).toBeNull();
  });
});
