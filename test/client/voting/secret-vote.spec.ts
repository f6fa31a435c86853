import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { toString as qrCodeSvg } from 'qrcode';
import { browserSha256 } from '../../../client/app/shared/browser-sha256';
import { SecretVote } from '../../../client/app/voting/secret-vote';
import { VOTER_KIT, type VoterKit } from '../../../client/app/voting/voter-kit-loader';
import type { VoterInProgress, VoterReceipt } from '../../../client/app/voting/voter-vault';
import { WEB_CRYPTO_AVAILABLE } from '../../../client/app/voting/web-crypto';
import type { CredentialRequest, ElectionInfo, ReceiptStatus } from '@api/http';
import type { SecretBallot } from '@protocol/types';
import type { PreparedCredentialRequest } from '../../../voter/prepared-request';
import { click, query, text, typeInto } from '../support/dom';
import { secretElection } from '../support/elections';
import { failNetwork, nodeError, waitForRequest } from '../support/http';
import { waitFor } from '../../support/wait';

/*
 * The crypto itself is tested in test/voter with real keys; here a fake kit stands in (jsdom has no
 * WebCrypto), so these tests are about the flow: what is stored when, what is sent, what the voter sees.
 */

const election = secretElection();
const storageKey = (voterId: string) => `ballotchain.voter:${election.election_id}:${voterId}`;

const prepared: PreparedCredentialRequest = {
  electionId: election.election_id,
  ballotSecretKey: 'secret-key',
  ballotKey: 'ballot-key',
  blindedMessage: 'blinded-message',
  inv: 'inv',
};

function fakeKit() {
  return {
    prepareCredentialRequest: jest.fn(() => Promise.resolve(prepared)),
    finishCredential: jest.fn(() => Promise.resolve('credential')),
    signSecretBallot: jest.fn((request: PreparedCredentialRequest, credential: string, party: string): SecretBallot => ({
      type: 'ballot',
      party,
      ballot_key: request.ballotKey,
      credential,
      signature: `signature-for-${party}`,
    })),
    ballotTrackingCode: jest.fn((ballot: SecretBallot) => browserSha256(JSON.stringify(ballot))),
  } satisfies VoterKit;
}

function ballotFor(party: string): SecretBallot {
  return { type: 'ballot', party, ballot_key: 'ballot-key', credential: 'credential', signature: `signature-for-${party}` };
}
const codeOf = (ballot: SecretBallot) => browserSha256(JSON.stringify(ballot));

/** What localStorage holds for the voter, as plain JSON (either shape, so tests can read any field). */
function stored(voterId: string): Partial<VoterInProgress & VoterReceipt> | null {
  const raw = localStorage.getItem(storageKey(voterId));
  return raw ? (JSON.parse(raw) as Partial<VoterInProgress & VoterReceipt>) : null;
}

describe('SecretVote', () => {
  let fixture: ComponentFixture<SecretVote>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let kit: ReturnType<typeof fakeKit>;

  async function render(info: ElectionInfo = election): Promise<void> {
    fixture = TestBed.createComponent(SecretVote);
    fixture.componentRef.setInput('election', info);
    el = fixture.nativeElement as HTMLElement;
    // The shared store loads the election on first use.
    http.expectOne('/api/election').flush(info);
    await fixture.whenStable();
  }

  function configure(webCrypto: boolean): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: VOTER_KIT, useValue: () => Promise.resolve(kit) },
        // jsdom has no crypto.subtle; the kit is fake anyway.
        { provide: WEB_CRYPTO_AVAILABLE, useValue: webCrypto },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  beforeEach(() => {
    localStorage.clear();
    kit = fakeKit();
    configure(true);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
    jest.restoreAllMocks();
  });

  async function identify(voterId = 'v-001', code = 'AAAA-1111'): Promise<TestRequest> {
    typeInto(el, '#voter-id', voterId);
    typeInto(el, '#activation-code', code);
    click(el, '#request-credential');
    return waitForRequest(http, { method: 'POST', url: '/api/credentials' });
  }

  async function settle(condition: () => boolean, what: string): Promise<void> {
    await waitFor(condition, { what });
    await fixture.whenStable();
  }

  async function credentialGranted(req: TestRequest, resumed = false): Promise<void> {
    req.flush({ blind_signature: 'blind-signature', resumed }, { status: 201, statusText: 'Created' });
    await settle(() => el.querySelector('#party-0') !== null || el.querySelector('#tracking-code') !== null, 'the next step');
  }

  async function chooseAndConfirm(index: number): Promise<void> {
    click(el, `#party-${index}`);
    click(el, '#confirm-ballot');
    await fixture.whenStable();
  }

  async function castAndAccept(ballot: SecretBallot): Promise<void> {
    click(el, '#cast-ballot');
    const req = await waitForRequest(http, { method: 'POST', url: '/api/ballots' });
    expect(req.request.body).toEqual(ballot);
    req.flush({ message: 'accepted', tracking_code: codeOf(ballot) }, { status: 201, statusText: 'Created' });
    await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
  }

  it('gets a credential, lets the voter choose and confirm, casts, and shows the receipt', async () => {
    await render();
    const req = await identify('v-001', ' AAAA-1111 ');
    expect(req.request.body).toEqual({ voter_id: 'v-001', code: 'AAAA-1111', blinded_message: 'blinded-message' });
    expect(kit.prepareCredentialRequest).toHaveBeenCalledWith(election.election_id, 'credential-key');
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(true);

    await credentialGranted(req);
    expect(kit.finishCredential).toHaveBeenCalledWith(prepared, 'blind-signature', 'credential-key');
    expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
    expect(Array.from(el.querySelectorAll('label[for^="party-"]')).map((l) => l.textContent?.trim())).toEqual(['Red', 'Green', 'Blue']);

    click(el, '#confirm-ballot');
    await fixture.whenStable();
    expect(text(el, '#party-error')).toBe('Choose a party.');

    await chooseAndConfirm(1);
    expect(text(el, '#vote-step')).toBe('Step 3 of 3: check and cast');
    expect(text(el, '#chosen-party')).toBe('Green');

    click(el, '#change-choice');
    await fixture.whenStable();
    await chooseAndConfirm(2);
    expect(text(el, '#chosen-party')).toBe('Blue');

    await castAndAccept(ballotFor('Blue'));
    const code = codeOf(ballotFor('Blue'));
    expect(text(el, '#vote-accepted')).toContain('Your ballot for Blue was accepted');
    expect(text(el, '#tracking-code')).toBe(code);
    expect(query(el, '#verify-link').getAttribute('href')).toBe(`/verify/${code}`);
    // Once the node holds the ballot, the browser keeps the receipt and nothing that shows the choice.
    expect(stored('v-001')).toEqual({ trackingCode: code });
    expect(JSON.stringify(localStorage)).not.toMatch(/Blue|secret-key|credential|blinded|inv/);

    // The QR code encodes the absolute address of the verify page for this code.
    await settle(() => el.querySelector('#receipt-qr') !== null, 'the QR code');
    const svg = await qrCodeSvg(`http://localhost/verify/${code}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    expect(query<HTMLImageElement>(el, '#receipt-qr').getAttribute('src')).toBe(
      `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    );
  });

  it('stores the blinded request before sending it', async () => {
    await render();
    const req = await identify();
    expect(stored('v-001')).toEqual({ request: prepared, credential: null, ballot: null });
    await credentialGranted(req);
    expect(stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot: null });
  });

  it('resumes with the stored request: the authority answers the same blinded message again', async () => {
    const earlier = { ...prepared, blindedMessage: 'blinded-before-the-crash' };
    localStorage.setItem(storageKey('v-001'), JSON.stringify({ request: earlier, credential: null, ballot: null, trackingCode: null }));
    await render();
    const req = await identify();
    expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-before-the-crash');
    expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
    await credentialGranted(req, true);
    expect(kit.finishCredential).toHaveBeenCalledWith(earlier, 'blind-signature', 'credential-key');
  });

  it('keeps the requests of different voters apart', async () => {
    localStorage.setItem(
      storageKey('v-002'),
      JSON.stringify({ request: { ...prepared, blindedMessage: 'someone-else' }, credential: null, ballot: null, trackingCode: null }),
    );
    await render();
    const req = await identify('v-001');
    expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-message');
    req.flush(...nodeError(401, 'invalid-code', 'wrong code'));
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
  });

  it('resumes after the credential: the stored credential is kept and the voter goes on to choose', async () => {
    localStorage.setItem(storageKey('v-001'), JSON.stringify({ request: prepared, credential: 'credential', ballot: null }));
    await render();
    const req = await identify();
    expect((req.request.body as CredentialRequest).blinded_message).toBe('blinded-message');
    await credentialGranted(req, true);
    expect(kit.finishCredential).not.toHaveBeenCalled();
    expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
    await chooseAndConfirm(2);
    await castAndAccept(ballotFor('Blue'));
    expect(stored('v-001')).toEqual({ trackingCode: codeOf(ballotFor('Blue')) });
  });

  it('shows the receipt of a ballot already cast from this browser, without the choice and without asking anyone', async () => {
    const code = codeOf(ballotFor('Red'));
    localStorage.setItem(storageKey('v-001'), JSON.stringify({ trackingCode: code }));
    await render();
    typeInto(el, '#voter-id', 'v-001');
    typeInto(el, '#activation-code', 'AAAA-1111');
    click(el, '#request-credential');
    await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
    expect(text(el, '#tracking-code')).toBe(code);
    expect(text(el, '#vote-accepted')).toBe(
      "This browser already cast this voter's ballot. It kept only the receipt below, not the choice made.",
    );
    expect(text(el, '#vote-accepted')).not.toContain('Red');
    expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
    http.expectNone('/api/credentials');
    http.expectNone('/api/ballots');
  });

  it('drops the secrets an earlier version kept beside the tracking code', async () => {
    const ballot = ballotFor('Red');
    localStorage.setItem(
      storageKey('v-001'),
      JSON.stringify({ request: prepared, credential: 'credential', ballot, trackingCode: codeOf(ballot) }),
    );
    await render();
    typeInto(el, '#voter-id', 'v-001');
    typeInto(el, '#activation-code', 'AAAA-1111');
    click(el, '#request-credential');
    await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
    expect(text(el, '#tracking-code')).toBe(codeOf(ballot));
    expect(stored('v-001')).toEqual({ trackingCode: codeOf(ballot) });
    http.expectNone('/api/credentials');
  });

  it.each<[ReceiptStatus['status'], boolean]>([
    ['pending', true],
    ['unknown', false],
  ])('after a failure mid-cast, asks the node about the ballot sent before (%s)', async (status, arrived) => {
    const ballot = ballotFor('Green');
    const code = codeOf(ballot);
    localStorage.setItem(storageKey('v-001'), JSON.stringify({ request: prepared, credential: 'credential', ballot }));
    await render();
    const credential = await identify();
    credential.flush({ blind_signature: 'blind-signature', resumed: true }, { status: 201, statusText: 'Created' });
    const lookup = await waitForRequest(http, `/api/receipts/${code}`);
    lookup.flush(status === 'pending' ? { tracking_code: code, status, transaction: ballot } : { tracking_code: code, status });
    await settle(() => el.querySelector('#tracking-code') !== null || el.querySelector('#party-0') !== null, 'the next step');

    if (arrived) {
      expect(text(el, '#tracking-code')).toBe(code);
      expect(text(el, '#vote-accepted')).toContain('Your ballot for Green was accepted');
      expect(stored('v-001')).toEqual({ trackingCode: code });
    } else {
      // Not there: the same choice is offered again, to confirm, and the signed ballot is still kept.
      expect(query<HTMLInputElement>(el, '#party-1').checked).toBe(true);
      expect(text(el, '#vote-step')).toBe('Step 2 of 3: choose a party');
      expect(stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot });
    }
  });

  it.each([
    [nodeError(401, 'invalid-code', 'wrong'), 'Wrong voter ID or activation code.'],
    [nodeError(409, 'credential-already-issued', 'issued'), 'already issued to this voter ID, on another device or browser'],
    [nodeError(503, 'authority-unavailable', 'down'), 'The election authority cannot be reached right now.'],
    [nodeError(502, 'http-502', 'Bad Gateway'), 'The election authority cannot be reached right now.'],
    [nodeError(400, 'bad-request', ['blinded_message must be base64url']), 'Invalid input: blinded_message must be base64url'],
  ])('explains a refused credential request %#', async (reply, expected) => {
    await render();
    (await identify()).flush(...reply);
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).toContain(expected);
    expect(text(el, '#vote-step')).toBe('Step 1 of 3: identify yourself');
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(false);
    expect(stored('v-001')).toEqual({ request: prepared, credential: null, ballot: null });
  });

  it('says when the node is unreachable, and keeps the request for the next try', async () => {
    await render();
    failNetwork(await identify());
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toContain('Node unreachable: nothing was lost');
    expect(stored('v-001')?.request).toEqual(prepared);
  });

  it('reloads the election when the credential request finds it closed', async () => {
    await render();
    (await identify()).flush(...nodeError(409, 'election-closed', 'closed'));
    (await waitForRequest(http, '/api/election')).flush(secretElection({ phase: 'closed' }));
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toBe('The election is closed: no more credentials are issued.');
  });

  it('does not accept a blind signature that does not unblind into a credential', async () => {
    kit.finishCredential.mockRejectedValue(new Error('the blind signature does not unblind into a valid credential'));
    await render();
    (await identify()).flush({ blind_signature: 'forged', resumed: false }, { status: 201, statusText: 'Created' });
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toBe('Could not prepare your ballot: the blind signature does not unblind into a valid credential');
    expect(stored('v-001')).toEqual({ request: prepared, credential: null, ballot: null });
    expect(el.querySelector('#party-0')).toBeNull();
  });

  it('sends nothing without a voter ID and an activation code', async () => {
    await render();
    click(el, '#request-credential');
    await fixture.whenStable();
    http.expectNone('/api/credentials');
    expect(text(el, '#activation-code-error')).toBe('Enter the activation code from your letter.');
    expect(text(el, '#voter-id-error')).toContain('Enter your voter ID');
    expect(kit.prepareCredentialRequest).not.toHaveBeenCalled();
  });

  it('says secret voting needs https or localhost when the browser withholds WebCrypto, and offers no form', async () => {
    TestBed.resetTestingModule();
    configure(false);
    await render();
    expect(query(el, '#secure-context-required').getAttribute('role')).toBe('alert');
    expect(text(el, '#secure-context-required')).toContain('Secret voting needs https or localhost');
    expect(text(el, '#secure-context-required')).toContain(`This page was opened at ${location.origin} over plain http`);
    expect(el.querySelector('#voter-id')).toBeNull();
    expect(el.querySelector('#request-credential')).toBeNull();
  });

  it('does nothing while the election is not open', async () => {
    await render(secretElection({ phase: 'draft' }));
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(true);
  });

  it('refuses to go on when the browser cannot store the request', async () => {
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await render();
    typeInto(el, '#voter-id', 'v-001');
    typeInto(el, '#activation-code', 'AAAA-1111');
    click(el, '#request-credential');
    await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
    expect(text(el, '#vote-outcome')).toContain('does not let the page keep data');
    http.expectNone('/api/credentials');
  });

  describe('casting', () => {
    beforeEach(async () => {
      await render();
      await credentialGranted(await identify());
      await chooseAndConfirm(0);
    });

    async function castRefused(reply: Parameters<TestRequest['flush']>): Promise<void> {
      click(el, '#cast-ballot');
      (await waitForRequest(http, { method: 'POST', url: '/api/ballots' })).flush(...reply);
    }

    it('stores the signed ballot before sending it', async () => {
      click(el, '#cast-ballot');
      const req = await waitForRequest(http, '/api/ballots');
      expect(stored('v-001')).toEqual({ request: prepared, credential: 'credential', ballot: ballotFor('Red') });
      req.flush({ message: 'ok', tracking_code: codeOf(ballotFor('Red')) }, { status: 201, statusText: 'Created' });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(stored('v-001')).toEqual({ trackingCode: codeOf(ballotFor('Red')) });
    });

    it('shows the receipt when "already used" means the node already has this very ballot', async () => {
      await castRefused(nodeError(409, 'already-used', 'ballot key already used'));
      const code = codeOf(ballotFor('Red'));
      (await waitForRequest(http, `/api/receipts/${code}`)).flush({
        tracking_code: code,
        status: 'pending',
        transaction: ballotFor('Red'),
      });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#tracking-code')).toBe(code);
      expect(stored('v-001')).toEqual({ trackingCode: code });
    });

    it('says so when the credential was used for another ballot', async () => {
      await castRefused(nodeError(409, 'already-used', 'ballot key already used'));
      const code = codeOf(ballotFor('Red'));
      (await waitForRequest(http, `/api/receipts/${code}`)).flush({ tracking_code: code, status: 'unknown' });
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('A ballot has already been cast with this credential.');
      expect(el.querySelector('#tracking-code')).toBeNull();
      expect(stored('v-001')?.ballot).toEqual(ballotFor('Red'));
    });

    it.each([
      [nodeError(422, 'unknown-party', 'no such party'), 'Ballot refused: the node does not know this party.'],
      [nodeError(422, 'bad-credential', 'bad'), 'Ballot refused: the node does not accept its credential as issued for this election.'],
      [nodeError(422, 'bad-ballot-signature', 'bad'), 'Ballot refused: its signature does not check out.'],
      [nodeError(400, 'bad-request', ['signature must be base64url']), 'Ballot refused as malformed: signature must be base64url'],
    ])('explains a refused ballot %#', async (reply, expected) => {
      await castRefused(reply);
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toBe(expected);
      expect(query<HTMLButtonElement>(el, '#cast-ballot').disabled).toBe(false);
    });

    it('reloads the election when the node says voting is over', async () => {
      await castRefused(nodeError(409, 'election-closed', 'closed'));
      (await waitForRequest(http, '/api/election')).flush(secretElection({ phase: 'closed' }));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toBe('The election is closed: your ballot was not cast.');
    });

    it('still drops the secrets when the browser refuses to store the receipt', async () => {
      // The real method, called on whichever storage the mock is called on.
      const setItem = Object.getOwnPropertyDescriptor(Storage.prototype, 'setItem')!.value as Storage['setItem'];
      jest.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, key: string, value: string) {
        if (value.includes('trackingCode')) throw new DOMException('quota', 'QuotaExceededError');
        setItem.call(this, key, value);
      });
      click(el, '#cast-ballot');
      const req = await waitForRequest(http, '/api/ballots');
      expect(stored('v-001')?.ballot).toEqual(ballotFor('Red'));
      req.flush({ message: 'ok', tracking_code: codeOf(ballotFor('Red')) }, { status: 201, statusText: 'Created' });
      await settle(() => el.querySelector('#tracking-code') !== null, 'the receipt');
      expect(text(el, '#vote-accepted')).toContain('Your ballot for Red was accepted');
      expect(stored('v-001')).toBeNull();
    });

    it('sends the very same ballot again after a network failure', async () => {
      click(el, '#cast-ballot');
      failNetwork(await waitForRequest(http, '/api/ballots'));
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('the same ballot is sent, so it cannot count twice');
      await castAndAccept(ballotFor('Red'));
    });

    it('does not claim success when the node answers 200 instead of 201', async () => {
      click(el, '#cast-ballot');
      (await waitForRequest(http, '/api/ballots')).flush({ message: 'ok', tracking_code: 'x' }, { status: 200, statusText: 'OK' });
      await settle(() => el.querySelector('#vote-outcome') !== null, 'the outcome');
      expect(text(el, '#vote-outcome')).toContain('HTTP 200');
      expect(el.querySelector('#tracking-code')).toBeNull();
      expect(stored('v-001')?.ballot).toEqual(ballotFor('Red'));
    });
  });

  describe('receipt', () => {
    beforeEach(async () => {
      await render();
      await credentialGranted(await identify());
      await chooseAndConfirm(0);
      await castAndAccept(ballotFor('Red'));
    });

    afterEach(() => {
      Reflect.deleteProperty(navigator, 'clipboard');
    });

    it('copies the tracking code and says "Copied"', async () => {
      const writeText = jest.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      click(el, '#copy-tracking-code');
      await settle(() => text(el, '#copy-tracking-code') === 'Copied', 'the copied state');
      expect(writeText).toHaveBeenCalledWith(codeOf(ballotFor('Red')));
    });

    it('asks the voter to copy by hand when the browser offers no clipboard', async () => {
      click(el, '#copy-tracking-code');
      await settle(() => (el.querySelector('.receipt [aria-live]')?.textContent ?? '').includes('copy it by hand'), 'the hint');
      expect(text(el, '#copy-tracking-code')).toBe('Copy tracking code');
    });
  });
});
