import { Buffer } from 'node:buffer';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AdminPage } from '../../../client/app/admin/admin-page';
import { adminTokenInterceptor } from '../../../client/app/api/admin-token';
import { FileDownload } from '../../../client/app/shared/file-download';
import { choose, click, query, text, typeInto } from '../support/dom';
import { secretElection } from '../support/elections';
import { nodeError, waitForRequest } from '../support/http';
import { waitFor } from '../../support/wait';

const ROLL = 'voter_id\nv-001\nv-002\nv-003\n';
const CODES = 'voter_id,activation_code\nv-001,AAAA-1111\nv-002,BBBB-2222\nv-003,CCCC-3333\n';

/** A 32-byte key in base64url; the node checks that share keys are group elements, the form only their shape. */
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64url');
const ALICE = { name: 'Alice', signing_key: key(1), share_key: key(2) };
const BOB = { name: 'Bob', signing_key: key(3), share_key: key(4) };
/** Each trustee as `npm run trustee -- init` prints it: its JSON on a line of its own. */
const printed = (...trustees: object[]) => trustees.map((t) => `${JSON.stringify(t)}\n`).join('');

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

  async function create(): Promise<unknown> {
    click(el, '#create-election');
    return (await waitForRequest(http, { method: 'POST', url: '/api/admin/election' })).request.body;
  }

  /** Submits, and expects the form to send nothing and to say `error` at `field`. */
  async function refused(field: string, error: string): Promise<void> {
    click(el, '#create-election');
    await fixture.whenStable();
    http.expectNone('/api/admin/election');
    expect(text(el, field)).toBe(error);
    const input = el.querySelector(field.replace(/-error$/, ''));
    expect(input?.getAttribute('aria-invalid')).toBe('true');
  }

  it('sends the roll file and the trustees, then offers the activation codes once, also after the node has switched', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    expect(text(el, '#election-roll-hint')).toContain('Chosen: roll.csv.');
    // Trustees with their own keys are the default; pasted as the tool printed them, with a blank line between.
    expect(query<HTMLInputElement>(el, '#election-key-holders-trustees').checked).toBe(true);
    typeInto(el, '#election-trustees', `${printed(ALICE)}\n${printed(BOB)}`);
    click(el, '#create-election');
    const req = await waitForRequest(http, { method: 'POST', url: '/api/admin/election' });
    // All of them decrypt unless the official says otherwise.
    expect(req.request.body).toEqual({
      title: 'Board election 2026',
      parties: ['Red', 'Green', 'Blue'],
      difficulty: 3,
      scheme: 'secret',
      roll_csv: ROLL,
      trustees: [ALICE, BOB],
      threshold: 2,
      blank: false,
    });
    req.flush({ election_id: 'e'.repeat(64), voters: 3, codes_csv: CODES }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    expect(text(el, '#codes-warning')).toContain('There are 3 activation codes, one for each voter.');
    expect(text(el, '#codes-warning')).toContain('The node keeps a copy only until you confirm');
    expect(el.querySelector('#codes-kept')).toBeNull();
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

    // Confirming deletes the node's copy; the panel goes once the node has done it.
    click(el, '#dismiss-codes');
    const confirm = await waitForRequest(http, { method: 'DELETE', url: '/api/admin/activation-codes' });
    expect(confirm.request.headers.get('Authorization')).toBe('Bearer tok');
    expect(query(el, '#download-codes')).toBeTruthy();
    confirm.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(el.querySelector('#download-codes')).toBeNull();
  });

  it('keeps the codes on screen, and says so, when the node could not delete its copy', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    typeInto(el, '#election-trustees', printed(ALICE));
    click(el, '#create-election');
    (await waitForRequest(http, { method: 'POST', url: '/api/admin/election' })).flush({
      election_id: 'e'.repeat(64),
      voters: 3,
      codes_csv: CODES,
    });
    await fixture.whenStable();
    click(el, '#download-codes');
    await fixture.whenStable();
    click(el, '#dismiss-codes');
    (await waitForRequest(http, { method: 'DELETE', url: '/api/admin/activation-codes' })).error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(text(el, '#codes-outcome')).toBe(
      'The node could not delete its copy: The node could not be reached. Check that it is running and try again. The codes stay here until it does.',
    );
    expect(query(el, '#download-codes')).toBeTruthy();
  });

  it('says how voter IDs of the roll are matched', () => {
    expect(text(el, '#election-roll-hint')).toContain(
      'Voter IDs are matched without regard to upper or lower case, with spaces around them trimmed',
    );
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
    typeInto(el, '#election-trustees', printed(ALICE));
    click(el, '#create-election');
    (await waitForRequest(http, '/api/admin/election')).flush(
      ...nodeError(400, 'bad-roll', 'line 2: "not valid!" is not a well-formed voter ID'),
    );
    await fixture.whenStable();
    expect(text(el, '#create-election-outcome')).toBe('The election was not created: line 2: "not valid!" is not a well-formed voter ID');
    expect(query<HTMLButtonElement>(el, '#create-election').disabled).toBe(false);
    expect(el.querySelector('#download-codes')).toBeNull();
  });

  it('sends the threshold chosen and the blank vote', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    typeInto(el, '#election-trustees', printed(ALICE, BOB));
    typeInto(el, '#election-threshold', '1');
    click(el, '#election-blank');
    expect(await create()).toMatchObject({ trustees: [ALICE, BOB], threshold: 1, blank: true });
  });

  it('sends demo trustees, 3 of which 2 decrypt unless the official says otherwise, and no trustees', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    click(el, '#election-key-holders-demo');
    await fixture.whenStable();
    expect(el.querySelector('#election-trustees')).toBeNull();
    expect(text(el, 'label[for="election-key-holders-demo"]')).toBe(
      'Demo trustees held by this node — for a trial only: whoever runs this node can decrypt every ballot',
    );
    expect(query<HTMLInputElement>(el, '#election-demo-trustees').value).toBe('3');
    expect(query<HTMLInputElement>(el, '#election-demo-threshold').value).toBe('2');
    const body = await create();
    expect(body).toMatchObject({ scheme: 'secret', demo_trustees: 3, threshold: 2, blank: false });
    expect(body).not.toHaveProperty('trustees');
  });

  it('sends the number of demo trustees and the threshold chosen', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    click(el, '#election-key-holders-demo');
    await fixture.whenStable();
    typeInto(el, '#election-demo-trustees', '5');
    typeInto(el, '#election-demo-threshold', '5');
    click(el, '#election-blank');
    expect(await create()).toMatchObject({ demo_trustees: 5, threshold: 5, blank: true });
  });

  it('sends an open election without trustees, whatever their field held', async () => {
    fillDefinition();
    typeInto(el, '#election-trustees', 'not a trustee');
    choose(el, '#election-scheme', 'open');
    await fixture.whenStable();
    expect(el.querySelector('#election-key-holders-trustees')).toBeNull();
    expect(el.querySelector('#election-blank')).toBeNull();
    expect(await create()).toEqual({
      title: 'Board election 2026',
      parties: ['Red', 'Green', 'Blue'],
      difficulty: 3,
      scheme: 'open',
      roll_csv: '',
    });
  });

  it.each([
    ['nothing', '', 'Paste at least one trustee.'],
    [
      'a line that is not JSON',
      `${printed(ALICE)}Bob`,
      'Line 2 is not JSON: paste each line as the trustee tool printed it (npm run trustee -- init).',
    ],
    [
      'the keys alone',
      printed([ALICE.signing_key, ALICE.share_key]),
      'Line 1 is not a JSON object: paste each line as the trustee tool printed it (npm run trustee -- init).',
    ],
    [
      'a trustee without its share key',
      printed({ name: 'Alice', signing_key: key(1) }),
      'Line 1 has no "share_key": paste each line as the trustee tool printed it (npm run trustee -- init).',
    ],
    [
      'a field no trustee has',
      printed({ ...ALICE, threshold: 2 }),
      'Line 1 has a field "threshold" no trustee has: paste each line as the trustee tool printed it (npm run trustee -- init).',
    ],
    [
      'a short key',
      printed({ ...ALICE, share_key: key(2).slice(1) }),
      'Line 1 has a "share_key" that is not a 32-byte key in base64url: paste each line as the trustee tool printed it (npm run trustee -- init).',
    ],
    [
      'an empty name',
      printed({ ...ALICE, name: ' ' }),
      'Line 1 needs a "name" of 1 to 100 characters: paste each line as the trustee tool printed it (npm run trustee -- init).',
    ],
    ['a trustee twice', `${printed(ALICE, BOB)}\n${printed(ALICE)}`, 'Lines 1 and 4 name the same trustee.'],
    ['a key twice', printed(ALICE, { ...BOB, share_key: ALICE.signing_key }), 'Lines 1 and 2 have a key in common.'],
    ['one key for both', printed({ ...ALICE, share_key: ALICE.signing_key }), 'Line 1 has the same key twice.'],
    [
      'eleven trustees',
      printed(...Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, signing_key: key(2 * i), share_key: key(2 * i + 1) }))),
      'At most 10 trustees, one per line.',
    ],
  ])('says precisely what is wrong with %s in the trustees field', async (_, lines, error) => {
    fillDefinition();
    await chooseRoll(ROLL);
    typeInto(el, '#election-trustees', lines);
    await refused('#election-trustees-error', error);
  });

  it('refuses a threshold above the number of trustees', async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    typeInto(el, '#election-trustees', printed(ALICE, BOB));
    typeInto(el, '#election-threshold', '3');
    await refused('#election-threshold-error', 'At most 2, the number of trustees.');
    typeInto(el, '#election-threshold', '0');
    await refused('#election-threshold-error', 'A whole number from 1 to the number of trustees.');
  });

  it.each([
    ['#election-demo-trustees', '11', '#election-demo-trustees-error', 'A whole number from 1 to 10.'],
    ['#election-demo-trustees', '0', '#election-demo-trustees-error', 'A whole number from 1 to 10.'],
    ['#election-demo-threshold', '4', '#election-demo-threshold-error', 'At most 3, the number of demo trustees.'],
    ['#election-demo-threshold', '', '#election-demo-threshold-error', 'A whole number from 1 to the number of demo trustees.'],
  ])('checks the demo trustees: %s set to "%s"', async (field, value, errorField, error) => {
    fillDefinition();
    await chooseRoll(ROLL);
    click(el, '#election-key-holders-demo');
    await fixture.whenStable();
    typeInto(el, field, value);
    await refused(errorField, error);
  });

  it("shows the node's reason when it refuses the trustees", async () => {
    fillDefinition();
    await chooseRoll(ROLL);
    typeInto(el, '#election-trustees', printed(ALICE, BOB));
    click(el, '#create-election');
    (await waitForRequest(http, '/api/admin/election')).flush(
      ...nodeError(400, 'bad-request', 'trustee 1 (Alice): share_key is not a ristretto255 group element'),
    );
    await fixture.whenStable();
    expect(text(el, '#create-election-outcome')).toBe(
      'The election was not created: trustee 1 (Alice): share_key is not a ristretto255 group element',
    );
    expect(query<HTMLButtonElement>(el, '#create-election').disabled).toBe(false);
  });
});
